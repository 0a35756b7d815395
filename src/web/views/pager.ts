import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../html.js';

function withPage(request: FastifyRequest, page: number): string {
  const url = new URL(request.url, 'http://dashboard.invalid');
  url.searchParams.set('page', String(page));
  return `${url.pathname}?${url.searchParams.toString()}`;
}

/** Previous/next links that keep the current filters. */
export function pager(
  request: FastifyRequest,
  page: number,
  pageSize: number,
  total: number,
): SafeHtml {
  const last = Math.max(1, Math.ceil(total / pageSize));
  if (last === 1) return html``;
  return html`<nav class="pager" aria-label="Pages">
    ${page > 1 ? html`<a href="${withPage(request, page - 1)}" rel="prev">← Previous</a>` : ''}
    <span>Page ${page} of ${last}</span>
    ${page < last ? html`<a href="${withPage(request, page + 1)}" rel="next">Next →</a>` : ''}
  </nav>`;
}
