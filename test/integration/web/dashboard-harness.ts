import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { STAGES } from '../../../pipelines/graph.js';
import { routeStage } from '../../../pipelines/route.js';
import { AppError } from '../../../src/errors/index.js';
import { startPipelineWorkers } from '../../../src/queue/pipeline-workers.js';
import { addStaffUser } from '../../../pipelines/staff-actions.js';
import { createLogger } from '../../../src/adapters/logger.js';
import { createMetricsRegistry } from '../../../src/adapters/metrics.js';
import { validateConfig, type Config } from '../../../src/config/index.js';
import { createPipelineQueues, type PipelineQueues } from '../../../src/queue/pipeline-queues.js';
import { migrate, migrations, openPglite, type Database } from '../../../src/store/index.js';
import type { StaffRole } from '../../../src/store/staff-repository.js';
import { buildApp } from '../../../src/web/build-app.js';
import { dashboardDeps } from '../../../src/cli/commands/dashboard-actions.js';
import { seedDashboard, type DashboardSeed } from '../../support/dashboard-seed.js';

/** The password every test account gets (tests only). */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Dashboard {
  app: FastifyInstance;
  db: Database;
  config: Readonly<Config>;
  seed: DashboardSeed;
  queues: PipelineQueues;
  close(): Promise<void>;
}

/**
 * The dashboard on an embedded database holding the seeded cases, with one account per role
 * (`operator`, `compliance`, `admin`, same names) and the pipeline's queues on the test Redis
 * under a prefix of its own.
 */
export async function startDashboard(
  options: { seal?: ((pdf: Uint8Array) => Promise<Uint8Array>) | undefined } = {},
): Promise<Dashboard> {
  const db = await openPglite(undefined);
  await migrate(db, migrations);
  const seed = await seedDashboard(db);
  for (const role of ['operator', 'compliance', 'admin'] as const)
    await addStaffUser(
      db,
      { username: role, displayName: `Test ${role}`, role, password: TEST_PASSWORD },
      'test',
    );
  const redisUrl = inject('services').redis?.url;
  if (!redisUrl) throw new Error('global setup did not start Redis');
  const config = validateConfig({
    redis: { url: redisUrl, prefix: `web-${randomBytes(4).toString('hex')}` },
    procedures: {
      roster: [
        { name: 'Inga Ozola', email: 'inga.ozola@agency.test' },
        { name: 'Pēteris Kalniņš', email: 'peteris.kalnins@agency.test' },
      ],
    },
    log: { level: 'silent' },
  });
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queues = createPipelineQueues(connection, config.redis.prefix, STAGES, () => undefined);
  const app = buildApp({
    logger: createLogger({ level: 'silent' }),
    metrics: createMetricsRegistry('test'),
    checks: {},
    dashboard: dashboardDeps(config, db, queues, options.seal),
  });
  await app.ready();
  return {
    app,
    db,
    config,
    seed,
    queues,
    close: async () => {
      await app.close();
      await queues.close();
      connection.disconnect();
      await db.close();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of response.cookies) out[c.name] = c.value;
  return out;
}

/** Opens the sign-in form and posts it; returns the login response and the nonce used. */
export async function postLogin(
  app: FastifyInstance,
  username: string,
  password: string,
  extraCookie = '',
): Promise<LightMyRequestResponse> {
  const form = await app.inject({ method: 'GET', url: '/login' });
  const nonce = cookiesOf(form)['__Host-intake_login'];
  if (!nonce) throw new Error('no login nonce cookie');
  return app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: `__Host-intake_login=${nonce}${extraCookie ? `; ${extraCookie}` : ''}` },
    payload: { _csrf: nonce, username, password, next: '/' },
  });
}

/** Signs in as the account of `role` and reads the CSRF token off the overview page. */
export async function login(app: FastifyInstance, role: StaffRole | string): Promise<Session> {
  const response = await postLogin(app, role, TEST_PASSWORD);
  if (response.statusCode !== 303) throw new Error(`login failed: ${response.statusCode}`);
  const token = cookiesOf(response)['__Host-intake_session'];
  if (!token) throw new Error('no session cookie');
  const cookie = `__Host-intake_session=${token}`;
  const page = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('no CSRF token on the overview page');
  return { cookie, csrf };
}

export function get(app: FastifyInstance, session: Session | undefined, url: string) {
  return app.inject({
    method: 'GET',
    url,
    headers: session ? { cookie: session.cookie } : {},
  });
}

export function post(
  app: FastifyInstance,
  session: Session | undefined,
  url: string,
  fields: Record<string, string> = {},
  withCsrf = true,
) {
  return app.inject({
    method: 'POST',
    url,
    headers: session ? { cookie: session.cookie } : {},
    payload: { ...(session && withCsrf ? { _csrf: session.csrf } : {}), ...fields },
  });
}

/**
 * A worker for the `route` stage that fails for good until `fix()` is called: a message's job
 * lands in the dead letters, as a missing configuration would leave it.
 */
export function failingRouteWorker(dash: Dashboard): {
  runs: string[];
  fix(): void;
  stop(): Promise<void>;
} {
  const connection = new Redis(inject('services').redis?.url ?? '', {
    maxRetriesPerRequest: null,
  });
  const runs: string[] = [];
  let failing = true;
  const workers = startPipelineWorkers({
    stages: [routeStage],
    handlers: new Map([
      [
        routeStage.name,
        async (payload: Record<string, unknown>) => {
          runs.push(String(payload.messageId));
          if (failing) throw new AppError('PIPELINE_MISCONFIGURED', 'the roster is empty');
        },
      ],
    ]),
    connection,
    prefix: dash.config.redis.prefix,
    queues: dash.queues,
    logger: createLogger({ level: 'silent' }),
  });
  return {
    runs,
    fix: () => {
      failing = false;
    },
    stop: async () => {
      await workers.close();
      connection.disconnect();
    },
  };
}
