/**
 * One fault drill: a fresh pipeline (its own database and Redis prefix; a poller and two worker
 * processes), the submissions delivered over LMTP, the fault injected while they are being
 * processed and healed, then a wait until the pipeline is quiet and the check of what it left.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pipelineConfig, type PipelineEnvironment } from '../../bench/pipeline-environment.js';
import { deliverBurst, lmtpDeliverer, type Submission } from '../../bench/pipeline-submissions.js';
import type { ConfigInput } from '../../src/config/index.js';
import { sleep } from '../services/process-tools.js';
import type { Fault } from './faults.js';
import { emptyInboxes } from './mailboxes.js';
import { checkOutcome, waitUntilQuiet, WORK_STAGES, type DrillOutcome } from './outcome.js';
import { refuseSmtpUntil, setPkiDown } from './service-faults.js';
import { reviewDrillUnconfirmed, type StaffReview } from './staff-review.js';
import { startWorkerSet } from './worker-set.js';

/** Worker processes per scenario, as the issue asks (besides the one poller). */
export const DRILL_WORKERS = 2;
/**
 * Short job locks, so a killed worker's jobs go back to the queue within seconds (the default
 * minute is for slow documents in production; it would only stretch the drill, not change it).
 */
const DRILL_LOCK_MS = 10_000;
/** The fault starts once this share of the submissions is in the ledger: mid-load. */
const START_AT_SHARE = 0.15;
const START_POLL_MS = 100;
/** Nothing moving for this long after the heal means stuck: the reminders sweep runs every 30 s. */
export const DEFAULT_STALL_MS = 75_000;

export interface TimedFault {
  fault: Fault;
  /** Delay after the load is under way before this fault starts (for faults run together). */
  afterMs?: number;
}

export interface DrillResult {
  scenario: string;
  outcome: DrillOutcome;
  /** Whether the pipeline got quiet (every answer sent, no work left) before the stall limit. */
  quiet: boolean;
  /** Unconfirmed answers (a kill inside an SMTP transaction) and what the staff step did. */
  staff: StaffReview;
  /** Heal → last answer sent (0 when the last one went out before the heal). */
  recoverMs: number;
  /** Heal → quiet. */
  quietMs: number;
}

async function waitForShare(
  sql: pg.Pool,
  subjects: readonly string[],
  share: number,
): Promise<void> {
  const wanted = Math.max(1, Math.floor(subjects.length * share));
  for (;;) {
    const { rows } = await sql.query<{ n: string }>(
      'SELECT count(*) AS n FROM messages WHERE subject = ANY($1)',
      [subjects],
    );
    if (Number(rows[0]?.n ?? 0) >= wanted) return;
    await sleep(START_POLL_MS);
  }
}

function activeJobCounter(
  redisUrl: string,
  prefix: string,
): { count: () => Promise<number>; close: () => Promise<void> } {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const queues = WORK_STAGES.map((s) =>
    new Queue(s, { connection, prefix }).on('error', () => undefined),
  );
  return {
    async count() {
      const counts = await Promise.all(queues.map((q) => q.getActiveCount()));
      return counts.reduce((a, b) => a + b, 0);
    },
    async close() {
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    },
  };
}

export async function runDrill(options: {
  env: PipelineEnvironment;
  workDir: string;
  scenario: string;
  faults: readonly TimedFault[];
  submissions: readonly Submission[];
  quick: boolean;
  stallMs?: number;
  log: (message: string) => void;
}): Promise<DrillResult> {
  const { env, submissions } = options;
  const label = options.scenario.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const log = (message: string): void => options.log(`${options.scenario}: ${message}`);
  const dir = join(options.workDir, label);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  // Whatever an earlier drill left switched off is switched on again.
  refuseSmtpUntil(env, 0);
  setPkiDown(env, false);
  await emptyInboxes(env);
  const prefix = `fault-${label}-${randomBytes(3).toString('hex')}`;
  const database = await env.createDatabase(`fault_${label}`);
  const cleanup: Array<() => Promise<void>> = [() => database.drop()];
  try {
    const config: ConfigInput = {
      ...pipelineConfig(env, {
        dataDir: join(dir, 'data'),
        databaseUrl: database.url,
        redisPrefix: prefix,
      }),
      queue: { lockMs: DRILL_LOCK_MS },
    };
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    log(`starting 1 poller and ${DRILL_WORKERS} workers`);
    const processes = await startWorkerSet({ configFile, workers: DRILL_WORKERS, logDir });
    cleanup.push(() => processes.stop());
    // A pool, not one client: the PostgreSQL drill restarts the server under it.
    const sql = new pg.Pool({ connectionString: database.url, max: 2 });
    sql.on('error', () => undefined);
    cleanup.push(() => sql.end());
    const deliverer = lmtpDeliverer(
      env.services.dovecot.host,
      env.services.dovecot.lmtpPort,
      env.eAddress.address,
    );
    cleanup.push(async () => deliverer.close());

    const subjects = submissions.map((s) => s.subject);
    log(`delivering ${submissions.length} submissions`);
    const delivered = deliverBurst(deliverer, submissions);
    delivered.catch(() => undefined);
    const counter = activeJobCounter(env.services.redis.url, prefix);
    cleanup.push(() => counter.close());
    const context = {
      env,
      processes,
      quick: options.quick,
      log,
      activeJobs: counter.count,
    };
    await Promise.all(
      options.faults.map(async ({ fault, afterMs }) => {
        await waitForShare(sql, subjects, fault.startAtShare ?? START_AT_SHARE);
        if (afterMs) await sleep(afterMs);
        await fault.inject(context);
      }),
    );
    const healedAt = Date.now();
    await delivered;
    log('healed; waiting until quiet');
    const untilQuiet = (): Promise<boolean> =>
      waitUntilQuiet({
        sql,
        redisUrl: env.services.redis.url,
        prefix,
        subjects,
        stallMs: options.stallMs ?? DEFAULT_STALL_MS,
        onProgress: (p) =>
          log(
            `${p.messages} in the ledger, ${p.answered} answered, ${p.open} open, ${p.busyJobs} jobs`,
          ),
      });
    let quiet = await untilQuiet();
    // What staff do with answers a kill left unconfirmed: check the relay log, confirm or release.
    const staff = quiet
      ? await reviewDrillUnconfirmed(env, database.url)
      : { confirmed: 0, released: 0 };
    if (staff.confirmed + staff.released > 0)
      log(`staff: ${staff.confirmed} confirmed sent, ${staff.released} released to send again`);
    if (staff.released > 0) quiet = await untilQuiet();
    const quietMs = Date.now() - healedAt;
    const outcome = await checkOutcome({ env, sql, prefix, submissions });
    return {
      scenario: options.scenario,
      outcome,
      quiet,
      staff,
      recoverMs: Math.max(0, outcome.lastSentAt - healedAt),
      quietMs,
    };
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}
