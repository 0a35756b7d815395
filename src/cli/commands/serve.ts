import { createLogger } from '../../adapters/logger.js';
import { createMetricsRegistry } from '../../adapters/metrics.js';
import type { Config } from '../../config/index.js';
import { createRedisConnection, pingRedis } from '../../queue/redis-connection.js';
import { openDatabase } from '../../store/index.js';
import { buildApp } from '../../web/build-app.js';
import { installShutdown, type Closer } from '../lifecycle.js';

export const ROLES = ['all', 'poller', 'worker', 'web'] as const;
export type Role = (typeof ROLES)[number];

export interface RunningService {
  url: string;
  stop: (reason: string) => Promise<void>;
}

/**
 * Starts one process of the service. Every role opens (and migrates) the database, connects to
 * Redis and answers /healthz, /readyz and /metrics on the web port, so an orchestrator can probe
 * each container the same way; the dashboard pages are mounted by the `web` and `all` roles.
 */
export async function serve(config: Readonly<Config>, role: Role): Promise<RunningService> {
  const logger = createLogger({ level: config.log.level, name: `intake-${role}` });
  const closers: Closer[] = [];
  const db = await openDatabase(config);
  closers.push({ name: 'database', close: () => db.close() });
  logger.info({ database: db.kind }, 'database ready and migrated');

  const redis = createRedisConnection(config.redis.url);
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  closers.push({ name: 'redis', close: async () => void (await redis.quit()) });

  const app = buildApp({
    logger,
    metrics: createMetricsRegistry(role),
    checks: { database: () => db.ping(), redis: () => pingRedis(redis) },
  });
  closers.push({ name: 'web', close: () => app.close() });
  const url = await app.listen({ host: config.web.host, port: config.web.port });
  logger.info({ url, role }, 'listening');

  const { stop } = installShutdown(logger, closers);
  return { url, stop };
}
