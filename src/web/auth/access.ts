import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../store/staff-repository.js';

/**
 * Who may use a route. Every route must say: `public`, `staff` (any signed-in role) or the list
 * of roles. A route registered without it makes `buildApp` fail, so a forgotten check can never
 * ship as an open page.
 */
export type Access = 'public' | 'staff' | readonly StaffRole[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * How a state-changing request proves it came from the dashboard: `token` (default) — the
     * session's CSRF token in the form or a header; `same-origin` — for the queue board's own
     * JSON API, which cannot send our token: the browser's Origin must be this very server.
     */
    csrf?: 'token' | 'same-origin';
    /**
     * The route takes a file upload (multipart/form-data). Any other route refuses a multipart
     * body before it is parsed, so the multipart parser is only reached by the roles of the
     * upload routes, never by someone who is not signed in (the login form is public).
     */
    uploads?: true;
  }
}

export const OPERATORS: readonly StaffRole[] = ['operator'];
export const COMPLIANCE: readonly StaffRole[] = ['compliance'];
export const ADMINS: readonly StaffRole[] = ['admin'];
export const REPORT_READERS: readonly StaffRole[] = ['compliance', 'admin'];

/** Roles that need personal codes (signers' identifiers) unmasked: compliance checks identity. */
export const SEES_PERSONAL_CODES: readonly StaffRole[] = ['compliance'];

export function accessOf(request: FastifyRequest): Access | undefined {
  return request.routeOptions.config.access;
}

export function allows(access: Access, role: StaffRole | undefined): boolean {
  if (access === 'public') return true;
  if (role === undefined) return false;
  return access === 'staff' || access.includes(role);
}

export interface RouteRule {
  method: string;
  url: string;
  access: Access | undefined;
  csrf: 'token' | 'same-origin';
  uploads: boolean;
}

const registered = new WeakMap<FastifyInstance, RouteRule[]>();

/**
 * Refuses to start when any route lacks an access rule. Checked when the app is ready, so a
 * scope that sets the rule for a plugin's routes (the queue board) is seen; requests to a route
 * without one are refused by the session guard as well.
 */
export function requireAccessOnEveryRoute(app: FastifyInstance): void {
  const routes: Array<{ method: string | string[]; url: string; config?: unknown }> = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  const rules = (): RouteRule[] =>
    routes.flatMap((r) => {
      const config = (r.config ?? {}) as {
        access?: Access;
        csrf?: 'token' | 'same-origin';
        uploads?: true;
      };
      return (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
        method,
        url: r.url,
        access: config.access,
        csrf: config.csrf ?? 'token',
        uploads: config.uploads === true,
      }));
    });
  app.addHook('onReady', async () => {
    registered.set(app, rules());
    const open = rules().filter((r) => r.access === undefined);
    if (open.length > 0)
      throw new Error(
        `routes without an access rule: ${open.map((r) => `${r.method} ${r.url}`).join(', ')}`,
      );
  });
}

/** Every registered route with its rule (after `ready()`), for the test that tries each one. */
export function listRoutes(app: FastifyInstance): RouteRule[] {
  return registered.get(app) ?? [];
}

/**
 * A multipart body is read only by a route that takes uploads; anywhere else — any other route,
 * an unknown URL (the 404 handler), any method — it is refused unread with 415. Registered at the
 * root, before the multipart parser's own hooks, so no request from someone not signed in ever
 * reaches the parser.
 */
export function refuseStrayUploads(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const type = request.headers['content-type'];
    if (typeof type !== 'string' || !/^\s*multipart\//i.test(type)) return undefined;
    if (request.routeOptions.config?.uploads === true) return undefined;
    return reply
      .code(415)
      .type('text/plain; charset=utf-8')
      .send('Unsupported Media Type: this page takes no file upload');
  });
}

export function forbidden(reply: FastifyReply, why: string): FastifyReply {
  return reply.code(403).type('text/plain; charset=utf-8').send(`Forbidden: ${why}`);
}
