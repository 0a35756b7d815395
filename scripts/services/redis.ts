import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ensureBinary, freePort, spawnDetached, waitFor, which } from './process-tools.js';

export interface RedisState {
  url: string;
  /** Set when `up` started this server; `down` stops only those. */
  pid?: number;
}

/** A PING that does not retry: used to decide whether a given Redis is reachable. */
export async function redisReachable(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function redisUp(dir: string, preferredUrl: string | undefined): Promise<RedisState> {
  if (preferredUrl && (await redisReachable(preferredUrl))) return { url: preferredUrl };
  const binary = ensureBinary(() => which('redis-server'), ['redis-server']);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const conf = join(dir, 'redis.conf');
  // AOF on with fsync every second, as in production: a Redis restart in a test keeps the queues.
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      'protected-mode yes',
      `dir ${dir}`,
      'save ""',
      'appendonly yes',
      'appendfsync everysec',
      'maxmemory-policy noeviction',
      'daemonize no',
      '',
    ].join('\n'),
  );
  const log = join(dir, 'redis.log');
  const pid = spawnDetached(binary, [conf], log);
  const url = `redis://127.0.0.1:${port}`;
  await waitFor('redis-server', () => redisReachable(url), undefined, log);
  return { url, pid };
}
