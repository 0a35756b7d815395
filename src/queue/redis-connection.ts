import { Redis } from 'ioredis';
import { AppError } from '../errors/index.js';

/** Readiness probes must answer quickly even when Redis hangs. */
const PING_TIMEOUT_MS = 2_000;

/**
 * A connection as BullMQ wants it: commands wait through reconnects instead of failing after a
 * retry count (maxRetriesPerRequest: null), so a Redis restart pauses work instead of losing it.
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export async function pingRedis(redis: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AppError(
            'REDIS_UNAVAILABLE',
            `redis did not answer PING within ${PING_TIMEOUT_MS} ms`,
          ),
        ),
      PING_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
