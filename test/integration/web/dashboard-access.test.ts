import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes, type RouteRule } from '../../../src/web/auth/access.js';
import { STAFF_ROLES, type StaffRole } from '../../../src/store/staff-repository.js';
import {
  login,
  postLogin,
  startDashboard,
  TEST_PASSWORD,
  type Dashboard,
  type Session,
} from './dashboard-harness.js';

/**
 * Every route of the dashboard is tried three ways: without a session (sent to sign in), with a
 * role it does not allow (403), and, for a change, without the CSRF token (403). The list comes
 * from the app itself, so a page added later is tried without anyone remembering to.
 */
let dash: Dashboard;
const sessions = {} as Record<StaffRole, Session>;

beforeAll(async () => {
  dash = await startDashboard();
  for (const role of STAFF_ROLES) sessions[role] = await login(dash.app, role);
});
afterAll(async () => dash?.close());

/** A concrete URL for a route pattern, with seeded values for its parameters. */
function urlOf(route: RouteRule): string {
  const seed = dash.seed;
  return route.url
    .replace(':number', seed.caseNumbers.production)
    .replace(/^\/answers\/:id/, `/answers/${seed.outboxIds.ticketAcknowledgement}`)
    .replace(/^\/documents\/:id/, `/documents/${seed.documentIds.registrationForm}`)
    .replace('/queues/dead-letters/:id', '/queues/dead-letters/1')
    .replace(':env', 'test')
    .replace(':username', 'operator')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*/g, 'x');
}

const changing = (r: RouteRule) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method);

describe('every dashboard route checks the role on the server', () => {
  it('the app lists its routes, and every one has an access rule', () => {
    const routes = listRoutes(dash.app);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => r.access === undefined)).toEqual([]);
    // The public ones are exactly these.
    expect(
      [...new Set(routes.filter((r) => r.access === 'public').map((r) => r.url))].sort(),
    ).toEqual(['/assets/app.css', '/assets/app.js', '/healthz', '/login', '/metrics', '/readyz']);
  });

  it('the rules are the agreed ones: who may see and do what', () => {
    const rules = Object.fromEntries(
      listRoutes(dash.app)
        .filter(
          (r) =>
            r.method !== 'HEAD' &&
            !r.url.startsWith('/queues/board') &&
            !r.url.startsWith('/queues/view'),
        )
        .map((r) => [
          `${r.method} ${r.url}`,
          Array.isArray(r.access) ? [...r.access].sort().join('+') : r.access,
        ]),
    );
    expect(rules).toEqual({
      'GET /healthz': 'public',
      'GET /readyz': 'public',
      'GET /metrics': 'public',
      'GET /login': 'public',
      'POST /login': 'public',
      'POST /logout': 'staff',
      'GET /assets/app.css': 'public',
      'GET /assets/app.js': 'public',
      'GET /': 'staff',
      'GET /messages': 'staff',
      'GET /cases': 'staff',
      'GET /cases/:number': 'staff',
      'POST /cases/:number/installation-done': 'operator',
      'POST /cases/:number/close': 'operator',
      'POST /cases/:number/reassign': 'operator',
      'POST /cases/:number/retry': 'operator',
      'POST /answers/:id/release': 'operator',
      'POST /answers/:id/mark-sent': 'operator',
      'GET /support': 'staff',
      'GET /eservices': 'staff',
      'GET /grants': 'admin+operator',
      'GET /catalogue/:env': 'staff',
      'POST /catalogue/:env/import': 'admin',
      'POST /catalogue/:env/entry': 'admin',
      'GET /audit-records': 'staff',
      'POST /audit-records/import': 'admin',
      'GET /queues': 'staff',
      'POST /queues/dead-letters/:id/retry': 'operator',
      'GET /reports/signatures': 'admin+compliance',
      'GET /reports/signatures.csv': 'admin+compliance',
      'GET /reports/signatures.json': 'admin+compliance',
      'GET /documents/:id/report': 'staff',
      'GET /documents/:id/report.html': 'staff',
      'GET /documents/:id/report.json': 'staff',
      'GET /documents/:id/report.pdf': 'compliance',
      'GET /users': 'admin',
      'POST /users': 'admin',
      'POST /users/:username': 'admin',
      'GET /roster': 'admin',
      'POST /roster': 'admin',
    });
    // The queue board: reading for everyone signed in on the read-only mount; every change,
    // and the board with actions, for operators only.
    const board = listRoutes(dash.app).filter((r) => r.url.startsWith('/queues/'));
    for (const r of board.filter((r) => r.url.startsWith('/queues/board')))
      expect(r.access, `${r.method} ${r.url}`).toEqual(['operator']);
    for (const r of board.filter((r) => r.url.startsWith('/queues/view')))
      expect(r.access, `${r.method} ${r.url}`).toEqual(
        r.method === 'GET' || r.method === 'HEAD' ? 'staff' : ['operator'],
      );
  });

  it('without a session, every non-public route sends the browser to sign in', async () => {
    const failures: string[] = [];
    for (const route of listRoutes(dash.app).filter((r) => r.access !== 'public')) {
      const url = urlOf(route);
      const response = await dash.app.inject({
        method: route.method as 'GET',
        url,
        ...(changing(route) ? { payload: {} } : {}),
      });
      if (response.statusCode !== 303 || !String(response.headers.location).startsWith('/login'))
        failures.push(`${route.method} ${url}: ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('with a role the route does not allow, every route answers 403', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const route of listRoutes(dash.app)) {
      if (route.access === 'public' || route.access === 'staff' || route.access === undefined)
        continue;
      const allowed = route.access;
      for (const role of STAFF_ROLES.filter((r) => !allowed.includes(r))) {
        tried += 1;
        const session = sessions[role];
        const response = await dash.app.inject({
          method: route.method as 'GET',
          url: urlOf(route),
          headers: { cookie: session.cookie, origin: 'http://localhost:80', host: 'localhost:80' },
          ...(changing(route) ? { payload: { _csrf: session.csrf } } : {}),
        });
        if (response.statusCode !== 403)
          failures.push(`${role} ${route.method} ${urlOf(route)}: ${response.statusCode}`);
      }
    }
    expect(tried).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it('a change without the CSRF token is refused with 403 on every route, for a role it allows', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const route of listRoutes(dash.app).filter(changing)) {
      if (route.access === 'public' || route.access === undefined) continue;
      const role: StaffRole =
        route.access === 'staff' ? 'operator' : (route.access[0] as StaffRole);
      tried += 1;
      const response = await dash.app.inject({
        method: route.method as 'POST',
        url: urlOf(route),
        headers: { cookie: sessions[role].cookie },
        payload: { _csrf: 'not-the-token' },
      });
      if (response.statusCode !== 403)
        failures.push(`${role} ${route.method} ${urlOf(route)}: ${response.statusCode}`);
    }
    expect(tried).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});

describe('file uploads reach the multipart parser only where a route takes one', () => {
  // A body busboy cannot read: parsing it would be an error, so a 415 shows it was never read.
  const multipart = {
    'content-type': 'multipart/form-data; boundary=x',
  };
  const payload = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n';

  it('only the two admin imports take uploads', () => {
    expect(
      listRoutes(dash.app)
        .filter((r) => r.uploads)
        .map((r) => `${r.method} ${r.url} ${String(r.access)}`),
    ).toEqual(['POST /catalogue/:env/import admin', 'POST /audit-records/import admin']);
  });

  it('a multipart body to any other route, the public sign-in included, is refused unread with 415', async () => {
    const others = listRoutes(dash.app).filter(
      (r) => changing(r) && !r.uploads && !r.url.startsWith('/queues/board'),
    );
    expect(others.map((r) => r.url)).toContain('/login');
    for (const route of others) {
      for (const cookie of [undefined, sessions.admin.cookie]) {
        const response = await dash.app.inject({
          method: route.method as 'POST',
          url: urlOf(route),
          headers: { ...multipart, ...(cookie ? { cookie } : {}) },
          payload,
        });
        expect(`${route.method} ${route.url} ${response.statusCode}`).toBe(
          `${route.method} ${route.url} 415`,
        );
      }
    }
  });

  it('a multipart body to a URL with no route, or with a method the route lacks, is refused unread with 415 too', async () => {
    for (const [method, url] of [
      ['POST', '/no-such-page'],
      ['POST', '/healthz'],
      ['OPTIONS', '/login'],
      ['PUT', '/catalogue/test/import'],
    ] as const) {
      const response = await dash.app.inject({ method, url, headers: multipart, payload });
      expect(`${method} ${url} ${response.statusCode}`).toBe(`${method} ${url} 415`);
    }
  });

  it('an upload route sends a visitor who is not signed in to sign in, without reading the body', async () => {
    const response = await dash.app.inject({
      method: 'POST',
      url: '/catalogue/test/import',
      headers: multipart,
      payload,
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/login/);
  });
});

describe('sign-in, sessions and cookies', () => {
  it('the session cookie is HttpOnly, SameSite=Strict, Secure and __Host- prefixed', async () => {
    const response = await postLogin(dash.app, 'operator', TEST_PASSWORD);
    expect(response.statusCode).toBe(303);
    const cookie = response.cookies.find((c) => c.name === '__Host-intake_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/' });
  });

  it('a wrong password and an unknown user get the same answer (no user enumeration)', async () => {
    const wrong = await postLogin(dash.app, 'admin', 'not the password at all');
    const unknown = await postLogin(dash.app, 'nobody-here', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (body: string) => /<p class="error"[^>]*>([^<]*)</.exec(body)?.[1];
    expect(message(wrong.body)).toBe('Wrong username or password.');
    expect(message(unknown.body)).toBe(message(wrong.body));
  });

  it('after five failures an account is throttled, even with the right password', async () => {
    for (let i = 0; i < 5; i += 1)
      expect((await postLogin(dash.app, 'compliance', `wrong password ${i}!`)).statusCode).toBe(
        401,
      );
    const right = await postLogin(dash.app, 'compliance', TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.cookies.find((c) => c.name === '__Host-intake_session')).toBeUndefined();
    // The session made before the failures still works: throttling blocks logins, not people.
    expect(
      (await dash.app.inject({ url: '/', headers: { cookie: sessions.compliance.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('a session id planted before sign-in is not the one after it (no fixation)', async () => {
    const planted = '__Host-intake_session=planted-by-an-attacker';
    const response = await postLogin(dash.app, 'admin', TEST_PASSWORD, planted);
    const issued = response.cookies.find((c) => c.name === '__Host-intake_session')?.value;
    expect(issued).toBeDefined();
    expect(issued).not.toBe('planted-by-an-attacker');
    const withPlanted = await dash.app.inject({ url: '/', headers: { cookie: planted } });
    expect(withPlanted.statusCode).toBe(303);
  });

  it('a sign-in without the form nonce is refused (login CSRF)', async () => {
    const response = await dash.app.inject({
      method: 'POST',
      url: '/login',
      payload: { username: 'admin', password: TEST_PASSWORD, _csrf: 'guess' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('after sign-in the browser goes only to a local page (no open redirect)', async () => {
    const form = await dash.app.inject({ url: '/login' });
    const nonce = form.cookies.find((c) => c.name === '__Host-intake_login')?.value ?? '';
    const response = await dash.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: `__Host-intake_login=${nonce}` },
      payload: {
        _csrf: nonce,
        username: 'admin',
        password: TEST_PASSWORD,
        next: '//evil.example/x',
      },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });

  it('signing out ends the session on the server', async () => {
    const session = await login(dash.app, 'operator');
    const out = await dash.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: session.cookie },
      payload: { _csrf: session.csrf },
    });
    expect(out.statusCode).toBe(303);
    const after = await dash.app.inject({ url: '/', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  it('an idle session expires on the server', async () => {
    const session = await login(dash.app, 'operator');
    await dash.db.query(
      "UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM staff_users WHERE username = 'operator')",
    );
    const after = await dash.app.inject({ url: '/', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(303);
    sessions.operator = await login(dash.app, 'operator');
  });

  it('every page carries the security headers, and the CSP allows no inline script or style', async () => {
    const response = await dash.app.inject({
      url: '/',
      headers: { cookie: sessions.admin.cookie },
    });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/<script>|style="/);
  });
});
