import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { PipelineQueues } from '../../queue/pipeline-queues.js';
import { queueCounts } from '../../queue/queue-counts.js';
import { OPERATORS, type Access } from '../auth/access.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html } from '../html.js';
import { DEFAULT_CSP } from '../security-headers.js';
import { actionButton, table, when } from '../views/layout.js';
import { redirectWithNotice, sendPage, staffOf } from './common.js';

/** bull-board's UI sets inline styles; its scripts and assets are its own, served by us. */
const BOARD_CSP = DEFAULT_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/**
 * bull-board mounted behind our sign-in: `/queues/board` with actions for operators,
 * `/queues/view` read-only for everyone signed in. Its routes get their rules from this scope;
 * its JSON API cannot carry our CSRF token, so a change there must come from our own origin.
 */
function mountBoard(
  app: FastifyInstance,
  queues: PipelineQueues,
  stageNames: readonly string[],
  prefix: string,
  readOnly: boolean,
): void {
  app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const reading = methods.every((m) => m === 'GET' || m === 'HEAD');
      const access: Access = reading && readOnly ? 'staff' : OPERATORS;
      route.config = { ...(route.config ?? {}), access, csrf: 'same-origin' };
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', BOARD_CSP);
      return payload;
    });
    const adapter = new FastifyAdapter();
    createBullBoard({
      queues: stageNames.map(
        (name) => new BullMQAdapter(queues.queue(name), { readOnlyMode: readOnly }),
      ),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: readOnly ? 'Queues (read-only)' : 'Queues' } },
    });
    adapter.setBasePath(prefix);
    await scope.register(adapter.registerPlugin(), { prefix });
  });
}

export function registerQueuePages(app: FastifyInstance, deps: DashboardDeps): void {
  const queues = deps.queues;
  if (queues) {
    mountBoard(app, queues, deps.stageNames, '/queues/board', false);
    mountBoard(app, queues, deps.stageNames, '/queues/view', true);
  }

  app.get('/queues', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = staffOf(request);
    if (!queues)
      return sendPage(request, reply, {
        title: 'Queues',
        current: '/queues',
        body: html`<h1>Queues</h1>
          <p class="warn">This process has no connection to the queues.</p>`,
      });
    const [counts, dead] = await Promise.all([
      queueCounts(queues, deps.stageNames),
      deps.actions.deadLetters(),
    ]);
    const operator = staff.user.role === 'operator';
    return sendPage(request, reply, {
      title: 'Queues',
      current: '/queues',
      body: html`<h1>Queues</h1>
        <p>
          <a href="${operator ? '/queues/board' : '/queues/view'}"
            >Open the queue board${operator ? '' : ' (read-only)'}</a
          >
        </p>
        ${table(
          'Jobs by stage',
          ['Stage', 'Waiting', 'Active', 'Delayed', 'Failed', 'Completed (kept)'],
          counts.map((c) => [
            c.stage,
            html`<span class="num">${c.waiting}</span>`,
            html`<span class="num">${c.active}</span>`,
            html`<span class="num">${c.delayed}</span>`,
            c.failed > 0 ? html`<span class="bad">${c.failed}</span>` : '0',
            html`<span class="num">${c.completed}</span>`,
          ]),
        )}
        ${table(
          'Dead letters: jobs that failed for good',
          ['Stage', 'Job', 'Payload', 'Failed at', 'Error', ''],
          dead.map((d) => [
            d.stage,
            d.jobId,
            html`<code>${JSON.stringify(d.data)}</code>`,
            when(d.failedAt),
            d.error,
            operator ? actionButton(staff, `/queues/dead-letters/${d.id}/retry`, 'Retry') : '',
          ]),
          'none.',
        )}`,
    });
  });

  app.post(
    '/queues/dead-letters/:id/retry',
    { config: { access: OPERATORS } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const retried = await deps.actions.retryJob(id, staffOf(request).user.username);
      return redirectWithNotice(
        reply,
        '/queues',
        `${retried.stage} job ${retried.jobId} is queued again`,
      );
    },
  );
}
