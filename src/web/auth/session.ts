import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decoyPasswordHash, verifyPassword } from '../../adapters/passwords.js';
import type { Database } from '../../store/index.js';
import {
  createStaffSession,
  deleteStaffSession,
  recentLoginFailures,
  recordLoginAttempt,
  staffUserForLogin,
  touchStaffSession,
  type StaffSession,
} from '../../store/staff-repository.js';
import { html } from '../html.js';
import { page } from '../views/layout.js';
import { accessOf, allows, forbidden } from './access.js';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** …and at the latest this long after login, whatever the activity. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Failed logins counted over this window: per username, and per client address. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Usernames and passwords longer than this are refused without a look-up. */
const MAX_CREDENTIAL_LENGTH = 256;

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffSession;
  }
}

export interface SessionOptions {
  db: Database;
  /** Secure cookies (`__Host-` prefix); off only for plain-http development on loopback. */
  secureCookies: boolean;
  now?: () => Date;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Only a local path may follow a login: never another site (an open redirect). */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return '/';
  return value;
}

function bodyField(request: FastifyRequest, name: string): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The CSRF token a state-changing request carries: a form field or a header. */
export function csrfOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  return bodyField(request, '_csrf') ?? (typeof header === 'string' ? header : undefined);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfHolds(request: FastifyRequest, sessionToken: string): boolean {
  if (request.routeOptions.config.csrf === 'same-origin') {
    const origin = request.headers.origin;
    const host = request.headers.host;
    return (
      typeof origin === 'string' &&
      typeof host === 'string' &&
      (origin === `http://${host}` || origin === `https://${host}`)
    );
  }
  return sameToken(csrfOf(request), sessionToken);
}

export function registerSessions(app: FastifyInstance, options: SessionOptions): void {
  const now = options.now ?? (() => new Date());
  const cookieName = options.secureCookies ? '__Host-intake_session' : 'intake_session';
  const loginCookie = options.secureCookies ? '__Host-intake_login' : 'intake_login';
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: options.secureCookies,
  };

  // Every request: who is it and may they, before any body is read (an upload from someone not
  // signed in is refused unparsed); then, for a change, does it carry their CSRF token.
  app.addHook('onRequest', async (request, reply) => {
    const access = accessOf(request);
    if (access === undefined) return forbidden(reply, 'no access rule');
    const token = request.cookies[cookieName];
    if (token !== undefined && token.length <= 128) {
      const session = await touchStaffSession(
        options.db,
        sha256(token),
        now(),
        SESSION_IDLE_MS,
        SESSION_ABSOLUTE_MS,
      );
      if (session) request.staff = session;
    }
    if (access === 'public') return;
    if (!request.staff) {
      if (token !== undefined) reply.clearCookie(cookieName, cookieOptions);
      const next = SAFE_METHODS.has(request.method) ? safeNext(request.url) : '/';
      return reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
    }
    if (!allows(access, request.staff.user.role))
      return forbidden(reply, `the ${request.staff.user.role} role may not use this page`);
    return undefined;
  });
  app.addHook('preHandler', async (request, reply) => {
    if (accessOf(request) === 'public' || !request.staff) return undefined;
    if (!SAFE_METHODS.has(request.method) && !csrfHolds(request, request.staff.csrfToken))
      return forbidden(reply, 'the form is stale or was not sent from this dashboard (CSRF)');
    return undefined;
  });

  const loginPage = (reply: FastifyReply, next: string, error?: string, code = 200) => {
    // Login CSRF: a random value in a cookie and in the form must match (double submit).
    const nonce = randomBytes(24).toString('base64url');
    reply.setCookie(loginCookie, nonce, { ...cookieOptions, maxAge: 3600 });
    return reply
      .code(code)
      .type('text/html; charset=utf-8')
      .send(
        page({
          title: 'Sign in',
          staff: undefined,
          body: html`<form method="post" action="/login" class="login">
            <h1>Sign in</h1>
            ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
            <input type="hidden" name="_csrf" value="${nonce}" />
            <input type="hidden" name="next" value="${next}" />
            <label for="username">Username</label>
            <input id="username" name="username" autocomplete="username" required autofocus />
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
            <button type="submit">Sign in</button>
          </form>`,
        }),
      );
  };

  app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>)['next']);
    if (request.staff) return reply.redirect(next, 303);
    return loginPage(reply, next);
  });

  app.post('/login', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNext(bodyField(request, 'next'));
    const nonce = request.cookies[loginCookie];
    if (nonce === undefined || !sameToken(bodyField(request, '_csrf'), nonce))
      return forbidden(reply, 'the sign-in form is stale; open it again (CSRF)');
    const username = (bodyField(request, 'username') ?? '').trim().toLowerCase();
    const password = bodyField(request, 'password') ?? '';
    const address = request.ip;
    if (
      !username ||
      !password ||
      username.length > MAX_CREDENTIAL_LENGTH ||
      password.length > MAX_CREDENTIAL_LENGTH
    )
      return loginPage(reply, next, 'Wrong username or password.', 401);
    const failures = await recentLoginFailures(
      options.db,
      username,
      address,
      new Date(now().getTime() - LOGIN_WINDOW_MS),
    );
    if (
      failures.byUser >= MAX_FAILURES_PER_USER ||
      failures.byAddress >= MAX_FAILURES_PER_ADDRESS
    ) {
      request.log.warn({ address }, 'login throttled');
      return loginPage(reply, next, 'Too many failed attempts. Try again in 15 minutes.', 429);
    }
    const account = await staffUserForLogin(options.db, username);
    // The same work for an unknown user as for a known one: timing does not tell them apart.
    const ok = await verifyPassword(password, account?.passwordHash ?? (await decoyPasswordHash()));
    const valid = ok && account !== undefined && !account.user.disabled;
    await recordLoginAttempt(options.db, { username, address, ok: valid });
    if (!valid || !account) return loginPage(reply, next, 'Wrong username or password.', 401);
    // A fresh token at every login: a cookie planted before login never becomes a session.
    const previous = request.cookies[cookieName];
    if (previous !== undefined) await deleteStaffSession(options.db, sha256(previous));
    const token = randomBytes(32).toString('base64url');
    await createStaffSession(options.db, {
      tokenSha256: sha256(token),
      userId: account.user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: new Date(now().getTime() + SESSION_IDLE_MS),
    });
    request.log.info({ user: account.user.username, role: account.user.role }, 'signed in');
    reply.clearCookie(loginCookie, cookieOptions);
    reply.setCookie(cookieName, token, cookieOptions);
    return reply.redirect(next, 303);
  });

  app.post('/logout', { config: { access: 'staff' } }, async (request, reply) => {
    const token = request.cookies[cookieName];
    if (token !== undefined) await deleteStaffSession(options.db, sha256(token));
    reply.clearCookie(cookieName, cookieOptions);
    return reply.redirect('/login', 303);
  });
}
