import type { FastifyInstance } from 'fastify';
import { listSupportTickets } from '../../store/dashboard-queries.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html } from '../html.js';
import { table, when } from '../views/layout.js';
import { pager } from '../views/pager.js';
import { pageNumber, sendPage, text } from './common.js';

const PAGE_SIZE = 50;

/** Consultative support tickets: open ones first by default. */
export function registerSupportPage(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/support', { config: { access: 'staff' } }, async (request, reply) => {
    const state = text(request.query, 'state') ?? 'open';
    const pageNo = pageNumber(request.query);
    const result = await listSupportTickets(deps.db, {
      open: state === 'open' ? true : state === 'closed' ? false : undefined,
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    return sendPage(request, reply, {
      title: 'Support tickets',
      current: '/support',
      body: html`<h1>Support tickets</h1>
        <p>
          ${['open', 'closed', 'all'].map((s) =>
            s === state
              ? html`<strong>${s}</strong> `
              : html`<a href="/support?state=${s}">${s}</a> `,
          )}
        </p>
        ${table(
          `Tickets (${result.total})`,
          ['Ticket', 'State', 'Subject', 'From', 'Messages', 'Last event', 'Opened'],
          result.items.map((t) => [
            html`<a href="/cases/${t.number}">${t.number}</a>`,
            t.state,
            t.title ?? '—',
            t.replyTo ?? '—',
            t.messageCount,
            t.lastEvent ? `${t.lastEvent.kind} (${when(t.lastEvent.at)})` : '—',
            when(t.openedAt),
          ]),
          'no tickets.',
        )}
        ${pager(request, pageNo, PAGE_SIZE, result.total)}`,
    });
  });
}
