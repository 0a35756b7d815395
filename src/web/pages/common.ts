import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffSession } from '../../store/staff-repository.js';
import type { SafeHtml } from '../html.js';
import { page } from '../views/layout.js';

/** The signed-in user of a route whose access rule requires one (the guard ran before). */
export function staffOf(request: FastifyRequest): StaffSession {
  const staff = request.staff;
  if (!staff) throw new Error('a staff route ran without a session');
  return staff;
}

export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  input: { title: string; body: SafeHtml; current?: string },
): FastifyReply {
  const notice = text(request.query, 'notice');
  return reply
    .type('text/html; charset=utf-8')
    .send(page({ ...input, staff: request.staff, notice: notice?.slice(0, 300) }));
}

/** A trimmed, length-limited text parameter (query or form body), or undefined when empty. */
export function text(source: unknown, name: string, max = 200): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, max);
}

export function pageNumber(source: unknown): number {
  const n = Number(text(source, 'page') ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** Back to a page with a notice for the user (text only: the page escapes it). */
export function redirectWithNotice(reply: FastifyReply, path: string, notice: string) {
  const sep = path.includes('?') ? '&' : '?';
  return reply.redirect(`${path}${sep}notice=${encodeURIComponent(notice)}`, 303);
}
