import type { FastifyInstance } from 'fastify';
import { searchMessages } from '../../store/dashboard-queries.js';
import type { MessageStatus } from '../../store/index.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html } from '../html.js';
import { pager } from '../views/pager.js';
import { table, when } from '../views/layout.js';
import { pageNumber, sendPage, text } from './common.js';

const STATUSES: readonly MessageStatus[] = [
  'stored',
  'queued',
  'processing',
  'processed',
  'ignored',
  'oversize',
  'duplicate',
  'failed',
];
export const PAGE_SIZE = 50;

/** Every mail the mailboxes took in, with its status and, for ignored or failed mail, why. */
export function registerMessagePages(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/messages', { config: { access: 'staff' } }, async (request, reply) => {
    const q = request.query;
    const status = text(q, 'status') as MessageStatus | undefined;
    const filter = {
      sender: text(q, 'sender'),
      subject: text(q, 'subject'),
      mailbox: text(q, 'mailbox'),
      status: status && STATUSES.includes(status) ? status : undefined,
    };
    const pageNo = pageNumber(q);
    const result = await searchMessages(deps.db, {
      ...filter,
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    return sendPage(request, reply, {
      title: 'Messages',
      current: '/messages',
      body: html`<h1>Messages</h1>
        <form method="get" action="/messages" class="filters" role="search">
          <label>Sender <input name="sender" value="${filter.sender ?? ''}" /></label>
          <label>Subject <input name="subject" value="${filter.subject ?? ''}" /></label>
          <label>Mailbox <input name="mailbox" value="${filter.mailbox ?? ''}" /></label>
          <label
            >Status
            <select name="status">
              <option value="">any</option>
              ${STATUSES.map(
                (s) =>
                  html`<option value="${s}" ${filter.status === s ? html`selected` : ''}>
                    ${s}
                  </option>`,
              )}
            </select></label
          >
          <button type="submit">Search</button>
        </form>
        ${table(
          `Messages (${result.total})`,
          ['Received', 'Mailbox', 'From', 'Subject', 'Status', 'Reason', 'Case', 'Documents'],
          result.items.map((m) => [
            when(m.receivedAt),
            m.mailbox,
            m.from ?? '—',
            m.subject ?? '—',
            html`<span
              class="${m.status === 'failed' ? 'bad' : m.status === 'processed' ? 'ok' : ''}"
              >${m.status}</span
            >`,
            m.statusReason ?? '',
            m.caseNumber ? html`<a href="/cases/${m.caseNumber}">${m.caseNumber}</a>` : '—',
            m.documentCount,
          ]),
          'no messages match.',
        )}
        ${pager(request, pageNo, PAGE_SIZE, result.total)}`,
    });
  });
}
