import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../adapters/logger.js';
import { registerHealthRoutes, type HealthDeps } from './health-routes.js';

/** Bodies the dashboard accepts are small forms; anything larger is refused before parsing. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface WebDeps extends HealthDeps {
  logger: Logger;
}

/** Builds the app without listening, so tests drive it with `inject`. */
export function buildApp(deps: WebDeps): FastifyInstance {
  // Our pino is newer than the one fastify's types were written against; the runtime contract
  // (level methods + child) is the same, so the logger is passed as fastify's base type.
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
  });
  registerHealthRoutes(app, deps);
  return app;
}
