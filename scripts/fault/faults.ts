/**
 * The faults, one per drill scenario. Each `inject` runs while the load is being processed,
 * breaks one thing, heals it and returns when healed; the drill then waits for the pipeline to
 * get quiet and checks what it left.
 */
import type { PipelineEnvironment } from '../../bench/pipeline-environment.js';
import { sleep } from '../services/process-tools.js';
import {
  kickImapUser,
  refuseSmtpUntil,
  restartPostgres,
  setPkiDown,
  startRedis,
  stopRedis,
} from './service-faults.js';
import type { WorkerSet } from './worker-set.js';

export interface FaultContext {
  env: PipelineEnvironment;
  processes: WorkerSet;
  quick: boolean;
  log: (message: string) => void;
  /** Jobs running now over the pipeline's stages: a kill is mid-job only while there are some. */
  activeJobs: () => Promise<number>;
}

export interface Fault {
  name: string;
  /** What the table says was done. */
  description: string;
  /**
   * Share of the submissions in the ledger before the fault starts (default 0.15: mid-load);
   * 0 starts it with the delivery, before the first document is verified.
   */
  startAtShare?: number;
  inject: (context: FaultContext) => Promise<void>;
}

/** Kills of a worker in the SIGKILL drill, each followed by a fresh worker. */
export const WORKER_KILLS = 3;
/** Time a replacement gets to take jobs before the next kill, so the kills hit running jobs. */
const BETWEEN_KILLS_MS = 1_500;
/** With two workers busy, jobs run in both: a kill while any runs is almost surely mid-job. */
const ACTIVE_POLL_MS = 50;
const ACTIVE_WAIT_MS = 10_000;
/** Redis down in the long-outage drill: a minute as the issue asks; quick keeps CI bounded. */
const REDIS_OUTAGE_MS = 60_000;
const REDIS_OUTAGE_QUICK_MS = 15_000;
/**
 * The relay refuses longer than the respond stage's whole backoff (8 attempts, 0.5 s doubling:
 * about 64 s), so answers run out of attempts and only the sweep's retry can send them.
 */
export const SMTP_REFUSAL_MS = 75_000;
/** OCSP and TSA down: long enough for verify and respond jobs to fail and retry several times. */
const PKI_OUTAGE_MS = 30_000;
const PKI_OUTAGE_QUICK_MS = 15_000;
/** IMAP drops: the poller is kicked this many times, this far apart (each reconnects). */
const IMAP_KICKS = 3;
const BETWEEN_KICKS_MS = 3_000;

export const workerKill: Fault = {
  name: 'worker SIGKILL',
  description: `SIGKILL a worker mid-job ${WORKER_KILLS}×, a fresh one started each time`,
  async inject({ processes, log, activeJobs }) {
    for (let i = 0; i < WORKER_KILLS; i += 1) {
      const victim = processes.workers()[0];
      if (!victim) throw new Error('no worker left to kill');
      const deadline = Date.now() + ACTIVE_WAIT_MS;
      let active = await activeJobs();
      while (active === 0 && Date.now() < deadline) {
        await sleep(ACTIVE_POLL_MS);
        active = await activeJobs();
      }
      log(`SIGKILL ${victim} (${active} jobs running)`);
      processes.kill(victim);
      log(`started ${await processes.addWorker()}`);
      await sleep(BETWEEN_KILLS_MS);
    }
  },
};

export const redisRestart: Fault = {
  name: 'Redis restart',
  description: 'redis-server stopped and started again on its port (AOF kept)',
  async inject({ env, log }) {
    log('stopping Redis');
    await stopRedis(env);
    await sleep(1_000);
    await startRedis(env);
    log('Redis is back');
  },
};

export const redisDown: Fault = {
  name: 'Redis down',
  description: 'redis-server down for a while, then started again',
  async inject({ env, quick, log }) {
    const ms = quick ? REDIS_OUTAGE_QUICK_MS : REDIS_OUTAGE_MS;
    log(`stopping Redis for ${ms / 1000} s`);
    await stopRedis(env);
    await sleep(ms);
    await startRedis(env);
    log('Redis is back');
  },
};

export const postgresRestart: Fault = {
  name: 'PostgreSQL restart',
  description: 'fast shutdown of PostgreSQL and a start on the same port',
  async inject({ env, log }) {
    log('restarting PostgreSQL');
    await restartPostgres(env);
    log('PostgreSQL is back');
  },
};

export const imapDrop: Fault = {
  name: 'IMAP drop',
  description: `Dovecot kicks every session of the agency's mailboxes ${IMAP_KICKS}×`,
  async inject({ env, log }) {
    for (let i = 0; i < IMAP_KICKS; i += 1) {
      log('doveadm kick');
      kickImapUser(env, env.eAddress.address);
      kickImapUser(env, env.support.address);
      await sleep(BETWEEN_KICKS_MS);
    }
  },
};

export const smtpRefusal: Fault = {
  name: 'SMTP 4xx',
  description: `the relay answers 451 for ${SMTP_REFUSAL_MS / 1000} s (longer than the respond backoff)`,
  async inject({ env, log }) {
    log(`the relay refuses mail for ${SMTP_REFUSAL_MS / 1000} s`);
    refuseSmtpUntil(env, Date.now() + SMTP_REFUSAL_MS);
    await sleep(SMTP_REFUSAL_MS);
    refuseSmtpUntil(env, 0);
    log('the relay accepts again');
  },
};

export const pkiDown: Fault = {
  name: 'OCSP + TSA down',
  description: 'the OCSP responder and the TSA answer 503 for a while',
  // Before the first verification: a worker keeps a good OCSP answer for the shared signer.
  startAtShare: 0,
  async inject({ env, quick, log }) {
    const ms = quick ? PKI_OUTAGE_QUICK_MS : PKI_OUTAGE_MS;
    log(`OCSP and TSA down for ${ms / 1000} s`);
    setPkiDown(env, true);
    await sleep(ms);
    setPkiDown(env, false);
    log('OCSP and TSA are back');
  },
};

/** In the order the scenario runs them. */
export const ALL_FAULTS: readonly Fault[] = [
  workerKill,
  redisRestart,
  redisDown,
  postgresRestart,
  imapDrop,
  smtpRefusal,
  pkiDown,
];
