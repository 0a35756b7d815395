import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../adapters/logger.js';
import { isAppError } from '../errors/index.js';
import { refuseStrayUploads, requireAccessOnEveryRoute } from './auth/access.js';
import { registerSessions } from './auth/session.js';
import type { DashboardDeps } from './dashboard-deps.js';
import { registerHealthRoutes, type HealthDeps } from './health-routes.js';
import { registerDashboard } from './pages/index.js';
import { registerSecurityHeaders } from './security-headers.js';
import { APP_CSS, APP_JS } from './views/assets.js';

/** Bodies the dashboard accepts are small forms; anything larger is refused before parsing. */
const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * A request (headers and body) must arrive within this; a client that trickles bytes to hold
 * a connection open is cut off. Node's default is no limit.
 */
export const REQUEST_TIMEOUT_MS = 30_000;
/** A catalogue or audit-record file uploaded by an admin. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export interface WebDeps extends HealthDeps {
  logger: Logger;
  /** The staff dashboard; without it the app answers health and metrics only (poller, worker). */
  dashboard?: DashboardDeps;
}

/** Builds the app without listening, so tests drive it with `inject`. */
export function buildApp(deps: WebDeps): FastifyInstance {
  // Our pino is newer than the one fastify's types were written against; the runtime contract
  // (level methods + child) is the same, so the logger is passed as fastify's base type.
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    trustProxy: false,
  });
  requireAccessOnEveryRoute(app);
  refuseStrayUploads(app);
  registerSecurityHeaders(app);
  app.register(async (scope) => {
    registerHealthRoutes(scope, deps);
  });
  const dashboard = deps.dashboard;
  if (dashboard) {
    app.register(cookie);
    app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
    app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      // Keep the uploaded file's name with its bytes (the importer tells CSV from JSON by it).
      onFile: async (part) => {
        (part as unknown as { value: unknown }).value = {
          filename: part.filename,
          data: await part.toBuffer(),
        };
      },
      limits: {
        fileSize: MAX_UPLOAD_BYTES,
        files: 1,
        fields: 20,
        fieldSize: 64 * 1024,
        parts: 22,
        headerPairs: 100,
      },
    });
    app.register(async (scope) => {
      registerSessions(scope, dashboard);
      scope.get('/assets/app.css', { config: { access: 'public' } }, async (_req, reply) =>
        reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(APP_CSS),
      );
      scope.get('/assets/app.js', { config: { access: 'public' } }, async (_req, reply) =>
        reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'max-age=3600')
          .send(APP_JS),
      );
      await registerDashboard(scope, dashboard);
    });
  }
  app.setErrorHandler((error, request, reply) => {
    if (isAppError(error) && error.code === 'RECORD_NOT_FOUND')
      return reply.code(404).type('text/plain; charset=utf-8').send(error.message);
    if (isAppError(error) && (error.code === 'CASE_STATE_CONFLICT' || error.code === 'CLI_USAGE'))
      return reply.code(409).type('text/plain; charset=utf-8').send(error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return reply
        .code(status)
        .type('text/plain; charset=utf-8')
        .send((error as Error).message);
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).type('text/plain; charset=utf-8').send('Internal error; it is logged.');
  });
  return app;
}
