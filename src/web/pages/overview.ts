import type { FastifyInstance } from 'fastify';
import { queueCounts, type QueueCounts } from '../../queue/queue-counts.js';
import { overviewStats } from '../../store/dashboard-queries.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html } from '../html.js';
import { barChart, lineChart } from '../views/charts.js';
import { table } from '../views/layout.js';
import { sendPage } from './common.js';

const hourLabel = (d: Date): string => d.toISOString().slice(11, 13);

/** What arrived today, where cases stand, what waits on staff, and the last day hour by hour. */
export function registerOverviewPage(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/', { config: { access: 'staff' } }, async (request, reply) => {
    const now = (deps.now ?? (() => new Date()))();
    const stats = await overviewStats(deps.db, now);
    let queues: QueueCounts[] | undefined;
    if (deps.queues)
      queues = await queueCounts(deps.queues, deps.stageNames).catch(() => undefined);
    const f = stats.failures;
    const waitingOnStaff = f.messagesFailed + f.outboxFailed + f.outboxHeld + f.outboxUnconfirmed;
    return sendPage(request, reply, {
      title: 'Overview',
      current: '/',
      body: html`<h1>Overview</h1>
        <div class="cards">
          <div class="card">
            <div class="big">${stats.messagesToday.total}</div>
            messages today (${stats.day})
          </div>
          <div class="card">
            <div class="big">${stats.cases.openTotal}</div>
            open cases
          </div>
          <div class="card">
            <div class="big ${waitingOnStaff > 0 ? 'bad' : ''}">${waitingOnStaff}</div>
            failures waiting on staff
          </div>
          <div class="card">
            <div class="big">${stats.installationTasksOpen}</div>
            installations to do
          </div>
          <div class="card">
            <div class="big">
              ${queues ? queues.reduce((n, q) => n + q.waiting + q.active + q.delayed, 0) : '—'}
            </div>
            jobs in the queues
          </div>
        </div>
        <h2>Last ${stats.throughput.length} hours</h2>
        <div class="charts">
          <figure>
            <figcaption>Messages received per hour (UTC)</figcaption>
            ${barChart(
              stats.throughput.map((p) => ({ label: hourLabel(p.hour), value: p.received })),
              { title: 'Messages received per hour (UTC)' },
            )}
          </figure>
          <figure>
            <figcaption>Answers sent per hour (UTC)</figcaption>
            ${barChart(
              stats.throughput.map((p) => ({ label: hourLabel(p.hour), value: p.sent })),
              { title: 'Answers sent per hour (UTC)' },
            )}
          </figure>
          <figure>
            <figcaption>
              From mail to answer, seconds: p50 and p95, by hour of the answer
            </figcaption>
            ${lineChart(
              (['p50Seconds', 'p95Seconds'] as const).map((key) => ({
                name: key === 'p50Seconds' ? 'p50' : 'p95',
                points: stats.latency.map((p) => ({ label: hourLabel(p.hour), value: p[key] })),
              })),
              { title: 'Mail to answer, seconds (p50, p95)', unit: 's' },
            )}
          </figure>
        </div>
        <h2>Today's messages by status</h2>
        ${table(
          'Messages today',
          ['Status', 'Count'],
          Object.entries(stats.messagesToday.byStatus)
            .filter(([, n]) => n > 0)
            .map(([status, n]) => [
              html`<a href="/messages?status=${status}">${status}</a>`,
              html`<span class="num">${n}</span>`,
            ]),
          'no mail yet today.',
        )}
        <h2>Open cases by state</h2>
        ${table(
          'Open cases',
          ['Procedure', 'State', 'Cases'],
          stats.cases.open.map((c) => [
            c.procedure,
            html`<a href="/cases?procedure=${c.procedure}&amp;state=${c.state}">${c.state}</a>`,
            html`<span class="num">${c.count}</span>`,
          ]),
          'none.',
        )}
        <h2>Waiting on staff</h2>
        ${table(
          'Failures',
          ['What', 'Count'],
          [
            [html`<a href="/messages?status=failed">Messages that failed</a>`, f.messagesFailed],
            ['Answers the mail server refused (failed)', f.outboxFailed],
            ['Answers held by the daily cap', f.outboxHeld],
            ['Answers not confirmed by the mail server', f.outboxUnconfirmed],
          ],
        )}
        ${
          queues
            ? table(
                'Queues',
                ['Stage', 'Waiting', 'Active', 'Delayed', 'Failed'],
                queues.map((q) => [
                  q.stage,
                  q.waiting,
                  q.active,
                  q.delayed,
                  q.failed > 0 ? html`<span class="bad">${q.failed}</span>` : '0',
                ]),
              )
            : html`<p class="muted">Queue counts unavailable.</p>`
        }`,
    });
  });
}
