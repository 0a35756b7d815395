import type { StaffSession } from '../../store/staff-repository.js';
import type { StaffRole } from '../../store/staff-repository.js';
import { html, type HtmlValue, type SafeHtml } from '../html.js';

/** The navigation, each entry shown only to the roles its page allows. */
const NAV: ReadonlyArray<{ href: string; label: string; roles: readonly StaffRole[] }> = [
  { href: '/', label: 'Overview', roles: ['operator', 'compliance', 'admin'] },
  { href: '/messages', label: 'Messages', roles: ['operator', 'compliance', 'admin'] },
  { href: '/cases', label: 'Cases', roles: ['operator', 'compliance', 'admin'] },
  { href: '/support', label: 'Support', roles: ['operator', 'compliance', 'admin'] },
  { href: '/eservices', label: 'E-services', roles: ['operator', 'compliance', 'admin'] },
  { href: '/grants', label: 'Access grants', roles: ['operator', 'admin'] },
  { href: '/catalogue/test', label: 'Catalogues', roles: ['operator', 'compliance', 'admin'] },
  { href: '/audit-records', label: 'Audit records', roles: ['operator', 'compliance', 'admin'] },
  { href: '/queues', label: 'Queues', roles: ['operator', 'compliance', 'admin'] },
  { href: '/reports/signatures', label: 'Signature reports', roles: ['compliance', 'admin'] },
  { href: '/users', label: 'Users', roles: ['admin'] },
  { href: '/roster', label: 'Roster', roles: ['admin'] },
];

export interface PageInput {
  title: string;
  staff: StaffSession | undefined;
  body: SafeHtml;
  /** The nav entry to mark as current. */
  current?: string;
  notice?: string | undefined;
}

/** A hidden CSRF field for a form of the signed-in user. */
export function csrfField(staff: StaffSession): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${staff.csrfToken}" />`;
}

/** A one-button form for an action (POST with the CSRF token). */
export function actionButton(
  staff: StaffSession,
  action: string,
  label: string,
  fields: Record<string, string> = {},
  confirmText?: string,
): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">
    ${csrfField(staff)}
    ${Object.entries(fields).map(
      ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
    )}
    <button type="submit" ${confirmText ? html`data-confirm="${confirmText}"` : ''}>
      ${label}
    </button>
  </form>`;
}

export function page(input: PageInput): string {
  const { staff } = input;
  const nav: HtmlValue = staff
    ? html`<nav aria-label="Main">
        <ul>
          ${NAV.filter((n) => n.roles.includes(staff.user.role)).map(
            (n) =>
              html`<li>
                <a href="${n.href}" ${input.current === n.href ? html`aria-current="page"` : ''}
                  >${n.label}</a
                >
              </li>`,
          )}
        </ul>
        <form method="post" action="/logout" class="logout">
          ${csrfField(staff)}
          <span>${staff.user.displayName} (${staff.user.role})</span>
          <button type="submit">Sign out</button>
        </form>
      </nav>`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${input.title} · signed-intake</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header><span class="brand">signed-intake</span>${nav}</header>
        <main id="main">
          ${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
          ${input.body}
        </main>
      </body>
    </html>`.value;
}

/** A table from rows; every cell escaped unless it is already markup. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly HtmlValue[])[],
  empty = 'Nothing here.',
): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${caption}: ${empty}</p>`;
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${headers.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${r.map((c) => html`<td>${c}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function when(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return '—';
  const d = typeof date === 'string' ? new Date(date) : date;
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString().replace('T', ' ').slice(0, 19);
}
