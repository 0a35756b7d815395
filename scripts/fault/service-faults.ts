/**
 * The faults the drills inject into the real services of a pipeline environment: Redis stopped
 * and started again on its port (its AOF keeps the queues), PostgreSQL restarted (fast shutdown,
 * as `pg_ctl restart -m fast` does), every IMAP connection dropped by Dovecot, the SMTP relay
 * answering 451, and the PKI's OCSP responder and TSA answering 503. A restarted server's new pid
 * goes into the services' state file, so `services down` and the environment's close stop it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineEnvironment } from '../../bench/pipeline-environment.js';
import { readState, type ServicesState } from '../services/index.js';
import { findPgBin } from '../services/postgres.js';
import {
  isAlive,
  isRoot,
  sleep,
  spawnDetached,
  stopPid,
  waitFor,
  which,
} from '../services/process-tools.js';
import { redisReachable } from '../services/redis.js';

/** A server asked to stop gets this long before it is killed (PostgreSQL's fast shutdown is quick). */
const SHUTDOWN_TIMEOUT_MS = 15_000;

function servicesRoot(env: PipelineEnvironment): string {
  return join(env.servicesDir, 'services');
}

/** Records a restarted server's pid where `services down` and the environment look for it. */
function recordPid(env: PipelineEnvironment, service: 'redis' | 'postgres', pid: number): void {
  env.services[service].pid = pid;
  const state: ServicesState | undefined = readState(env.servicesDir);
  const entry = state?.[service];
  if (!state || !entry) return;
  entry.pid = pid;
  writeFileSync(join(servicesRoot(env), 'state.json'), `${JSON.stringify(state, null, 2)}\n`, {
    mode: 0o600,
  });
}

async function waitGone(pid: number): Promise<void> {
  const deadline = Date.now() + SHUTDOWN_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export async function stopRedis(env: PipelineEnvironment): Promise<void> {
  const pid = env.services.redis.pid;
  if (pid === undefined) throw new Error('Redis was not started by the environment');
  await stopPid(pid);
}

/** Starts Redis again from the configuration `services up` wrote: same port, same AOF. */
export async function startRedis(env: PipelineEnvironment): Promise<void> {
  const dir = join(servicesRoot(env), 'redis');
  const binary = which('redis-server');
  if (!binary) throw new Error('redis-server is not installed');
  const log = join(dir, 'redis.log');
  const pid = spawnDetached(binary, [join(dir, 'redis.conf')], log);
  recordPid(env, 'redis', pid);
  await waitFor('redis-server', () => redisReachable(env.services.redis.url), undefined, log);
}

/**
 * Fast shutdown (SIGINT to the postmaster: clients are disconnected, no waiting for them) and a
 * start with the arguments `services up` used, on the same port.
 */
export async function restartPostgres(env: PipelineEnvironment): Promise<void> {
  const dir = join(servicesRoot(env), 'postgres');
  const cluster = join(dir, 'cluster');
  const wrapper = env.services.postgres.pid;
  if (wrapper === undefined) throw new Error('PostgreSQL was not started by the environment');
  const pidFile = join(cluster, 'postmaster.pid');
  const postmaster = existsSync(pidFile)
    ? Number(readFileSync(pidFile, 'utf8').split('\n')[0])
    : wrapper;
  process.kill(postmaster, 'SIGINT');
  await waitGone(postmaster);
  await waitGone(wrapper);
  const bin = findPgBin();
  if (!bin) throw new Error('the PostgreSQL server binaries are missing');
  const port = new URL(env.services.postgres.url).port;
  const args = [
    '-D',
    cluster,
    '-p',
    port,
    '-k',
    join(dir, 'socket'),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ];
  const postgres = join(bin, 'postgres');
  const log = join(dir, 'postgres.log');
  const pid = isRoot()
    ? spawnDetached('runuser', ['-u', 'postgres', '--', postgres, ...args], log)
    : spawnDetached(postgres, args, log);
  recordPid(env, 'postgres', pid);
  const pg = (await import('pg')).default;
  await waitFor(
    'postgres',
    async () => {
      const client = new pg.Client({
        connectionString: env.services.postgres.url,
        connectionTimeoutMillis: 1_000,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    undefined,
    log,
  );
}

/** Dovecot closes every IMAP session of the user (the poller's IDLE, a worker's copy to Sent). */
export function kickImapUser(env: PipelineEnvironment, user: string): void {
  const conf = join(servicesRoot(env), 'dovecot', 'dovecot.conf');
  execFileSync('doveadm', ['-c', conf, 'kick', user], { stdio: 'ignore' });
}

/** The relay answers 451 to every transaction until `untilMs` (epoch ms); 0 accepts again. */
export function refuseSmtpUntil(env: PipelineEnvironment, untilMs: number): void {
  const file = env.services.smtp.refuseFile;
  if (!file) throw new Error('this SMTP relay was started without a refuse file');
  writeFileSync(file, String(untilMs));
}

/** OCSP responder and TSA answer 503 while down (CRLs stay up: they are the other revocation path). */
export function setPkiDown(env: PipelineEnvironment, down: boolean): void {
  env.pkiServer.setDown('ocsp', down);
  env.pkiServer.setDown('tsa', down);
}
