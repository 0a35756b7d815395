/**
 * The intake pipeline end to end with the real services: signed registration forms delivered
 * over LMTP into the agency's e-address mailbox, taken in by one `intake serve --role poller`
 * process, carried through intake → verify → parse → route → registration → respond by 1 or 2
 * `--role worker` processes, sealed and handed to the SMTP relay. Measured from the database (the
 * system of record): sustained submissions per second for a burst, latency at a fixed rate, and
 * where the time goes per stage (BullMQ job times, the stages' database timestamps, CPU).
 * The test PKI (OCSP, CRL and the TSA the seal uses) is served from this process, on loopback.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cpuSampler } from './pipeline-cpu.js';
import {
  pipelineConfig,
  startPipelineEnvironment,
  type PipelineEnvironment,
} from './pipeline-environment.js';
import {
  percentile,
  segmentStats,
  stageStats,
  submissionTimes,
  waitForAnswers,
  waitForIdleQueues,
  type SubmissionTimes,
} from './pipeline-measure.js';
import {
  killIntakeProcesses,
  startIntakeProcesses,
  type IntakeProcesses,
} from './pipeline-processes.js';
import {
  describeLatency,
  phaseMarkdown,
  throughput,
  type LatencySummary,
  type PhaseResult,
} from './pipeline-report.js';
import {
  deliverAtRate,
  deliverBurst,
  lmtpDeliverer,
  makeSubmissions,
  type Delivery,
  type Submission,
} from './pipeline-submissions.js';
import {
  busiestStageRow,
  latencyRow,
  sustainedRow,
  TARGET_LATENCY_RATE_PER_S,
  type ScenarioResult,
} from './pipeline-rows.js';
import type { Row } from './report.js';

interface Plan {
  /** Submissions before timing, per scenario: JIT, OCSP cache, TSA, fonts, connections. */
  warmup: number;
  burst: number;
  workerCounts: number[];
  /** The fixed-rate run, in the 1-worker scenario only. */
  latencySeconds: number;
}

/** Quick stays under two minutes: a small burst and a short fixed-rate run. */
const QUICK: Plan = { warmup: 3, burst: 30, workerCounts: [1, 2], latencySeconds: 5 };
const FULL: Plan = { warmup: 3, burst: 300, workerCounts: [1, 2], latencySeconds: 20 };

function progress(message: string): void {
  process.stderr.write(`bench: pipeline: ${message}\n`);
}

function summarise(values: readonly number[]): LatencySummary {
  return {
    n: values.length,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    p99Ms: percentile(values, 99),
    maxMs: values.length ? Math.max(...values) : NaN,
  };
}

/**
 * The longest time between two consecutive ledger rows while the second mail was already in the
 * mailbox: the poller idle with work waiting (IDLE start-up delay, a capped pass, a reconnect).
 */
function longestPollerPause(times: readonly SubmissionTimes[]): number {
  const byReceipt = [...times].sort((a, b) => a.receivedAt - b.receivedAt);
  let longest = 0;
  for (let i = 1; i < byReceipt.length; i += 1) {
    const previous = byReceipt[i - 1];
    const next = byReceipt[i];
    if (previous && next && next.deliveredAt < previous.receivedAt)
      longest = Math.max(longest, next.receivedAt - previous.receivedAt);
  }
  return longest;
}

async function measurePhase(
  sql: pg.Client,
  env: PipelineEnvironment,
  prefix: string,
  processes: IntakeProcesses,
  deliver: () => Promise<Delivery[]>,
): Promise<PhaseResult> {
  const { services } = env;
  const trees: Record<string, number | undefined> = {
    postgres: services.postgres.pid,
    redis: services.redis.pid,
    dovecot: services.dovecot.pid,
    'smtp relay': services.smtp.pid,
  };
  for (const p of processes.processes) trees[`intake ${p.name}`] = p.pid;
  const cpu = cpuSampler(trees);
  const firstDeliveryAt = Date.now();
  const deliveries = await deliver();
  const lastDeliveredAt = Math.max(...deliveries.map((d) => d.deliveredAt));
  await waitForAnswers(
    sql,
    deliveries.map((d) => d.subject),
  );
  const cpuReport = cpu.finish();
  // The respond job finishes after `sent` (the copy to Sent): let it complete before reading jobs.
  await waitForIdleQueues(services.redis.url, prefix);
  const times = await submissionTimes(sql, deliveries);
  const stages = await stageStats({
    sql,
    redisUrl: services.redis.url,
    prefix,
    messageIds: times.map((t) => t.messageId),
  });
  return {
    submissions: deliveries.length,
    longestPollerPauseMs: longestPollerPause(times),
    firstDeliveryAt,
    lastDeliveredAt,
    lastSentAt: Math.max(...times.map((t) => t.sentAt)),
    firstSentAt: Math.min(...times.map((t) => t.sentAt)),
    latency: summarise(times.map((t) => t.sentAt - t.deliveredAt)),
    latencyFromLedger: summarise(times.map((t) => t.sentAt - t.receivedAt)),
    segments: segmentStats(times),
    stages,
    cpu: cpuReport,
  };
}

async function runScenario(
  env: PipelineEnvironment,
  options: {
    workers: number;
    workDir: string;
    warmup: readonly Submission[];
    burst: readonly Submission[];
    fixedRate: readonly Submission[];
    cpuProfileDir?: string | undefined;
  },
): Promise<ScenarioResult> {
  const label = `${options.workers}w`;
  const dir = join(options.workDir, `scenario-${label}`);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const prefix = `bench-pipeline-${label}-${randomBytes(3).toString('hex')}`;
  const database = await env.createDatabase(label);
  const cleanup: Array<() => Promise<void>> = [() => database.drop()];
  const deliverer = lmtpDeliverer(
    env.services.dovecot.host,
    env.services.dovecot.lmtpPort,
    env.eAddress.address,
  );
  cleanup.push(async () => deliverer.close());
  try {
    const configFile = join(dir, 'config.json');
    writeFileSync(
      configFile,
      `${JSON.stringify(pipelineConfig(env, { dataDir: join(dir, 'data'), databaseUrl: database.url, redisPrefix: prefix }), null, 2)}\n`,
      { mode: 0o600 },
    );
    progress(`${label}: starting 1 poller and ${options.workers} worker process(es)`);
    const processes = await startIntakeProcesses({
      configFile,
      workers: options.workers,
      logDir,
      cpuProfileDir: options.cpuProfileDir,
    });
    cleanup.push(() => processes.stop());
    const sql = new pg.Client({ connectionString: database.url });
    // A server going away (an interrupted bench) fails the query in flight; no crash besides.
    sql.on('error', () => undefined);
    await sql.connect();
    cleanup.push(() => sql.end());
    const redisUrl = env.services.redis.url;

    progress(`${label}: warm-up, ${options.warmup.length} submissions`);
    await deliverBurst(deliverer, options.warmup);
    await waitForAnswers(
      sql,
      options.warmup.map((s) => s.subject),
    );
    await waitForIdleQueues(redisUrl, prefix);

    progress(`${label}: burst of ${options.burst.length} submissions over LMTP`);
    const burst = await measurePhase(sql, env, prefix, processes, () =>
      deliverBurst(deliverer, options.burst),
    );
    progress(
      `${label}: ${throughput(burst).toFixed(1)} submissions/s, ${describeLatency(burst.latency)}`,
    );

    let fixedRate: ScenarioResult['fixedRate'];
    if (options.fixedRate.length > 0) {
      progress(
        `${label}: ${options.fixedRate.length} submissions at ${TARGET_LATENCY_RATE_PER_S}/s`,
      );
      const phase = await measurePhase(sql, env, prefix, processes, () =>
        deliverAtRate(deliverer, options.fixedRate, TARGET_LATENCY_RATE_PER_S),
      );
      fixedRate = { ...phase, ratePerSecond: TARGET_LATENCY_RATE_PER_S };
      progress(`${label}: at ${TARGET_LATENCY_RATE_PER_S}/s ${describeLatency(phase.latency)}`);
    }
    return {
      workers: options.workers,
      processes: processes.processes,
      burst,
      ...(fixedRate ? { fixedRate } : {}),
    };
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}

export async function benchPipeline(opts: {
  quick: boolean;
  workDir: string;
  /** Also write a V8 CPU profile of every worker process here (for finding the costs). */
  cpuProfileDir?: string;
}): Promise<{ rows: Row[]; raw: Record<string, unknown> }> {
  const plan = opts.quick ? QUICK : FULL;
  const fixedRateCount = plan.latencySeconds * TARGET_LATENCY_RATE_PER_S;
  mkdirSync(opts.workDir, { recursive: true });
  progress('starting Redis, PostgreSQL, Dovecot, the SMTP relay and the test PKI');
  const env = await startPipelineEnvironment(opts.workDir);
  // Ctrl-C or a kill stops the intake processes and the services too, not only this process.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress(`${signal}: stopping the processes and the services`);
    killIntakeProcesses();
    void env.close().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const count = plan.warmup + plan.burst + fixedRateCount;
    progress(`making ${count} signed registration forms`);
    const preparedAt = Date.now();
    let reported = 0;
    const submissions = await makeSubmissions({
      count,
      pki: env.pki,
      pkiServer: env.pkiServer,
      institutions: env.institutions,
      to: env.eAddress.address,
      onProgress: (done) => {
        if (done - reported >= 100) {
          reported = done;
          progress(`${done} of ${count} forms made`);
        }
      },
    });
    const preparationSeconds = (Date.now() - preparedAt) / 1000;
    const warmup = submissions.slice(0, plan.warmup);
    const burst = submissions.slice(plan.warmup, plan.warmup + plan.burst);
    const fixedRate = submissions.slice(plan.warmup + plan.burst);

    const scenarios: ScenarioResult[] = [];
    for (const workers of plan.workerCounts) {
      scenarios.push(
        await runScenario(env, {
          workers,
          workDir: opts.workDir,
          warmup,
          burst,
          fixedRate: workers === 1 ? fixedRate : [],
          cpuProfileDir: opts.cpuProfileDir,
        }),
      );
    }

    const byWorkers = (n: number): ScenarioResult | undefined =>
      scenarios.find((s) => s.workers === n);
    const rows: Row[] = [
      sustainedRow(1, byWorkers(1)),
      sustainedRow(2, byWorkers(2)),
      latencyRow(byWorkers(1)),
      ...busiestStageRow(byWorkers(1)),
    ];
    const stageTable = scenarios
      .flatMap((s) => {
        const name = `${s.workers} worker process${s.workers === 1 ? '' : 'es'}`;
        return [
          phaseMarkdown(`${name}: burst of ${s.burst.submissions}`, s.burst, s.workers),
          ...(s.fixedRate
            ? [
                phaseMarkdown(
                  `${name}: ${s.fixedRate.submissions} at ${s.fixedRate.ratePerSecond}/s`,
                  s.fixedRate,
                  s.workers,
                ),
              ]
            : []),
        ];
      })
      .join('\n\n');
    const mailBytes = submissions.reduce((sum, s) => sum + s.raw.length, 0) / submissions.length;
    return {
      rows,
      raw: {
        mode: opts.quick ? 'quick' : 'full',
        generatedAt: new Date().toISOString(),
        node: process.version,
        cpu: cpus()[0]?.model ?? 'unknown CPU',
        cpuCount: cpus().length,
        plan: { ...plan, fixedRateCount, fixedRatePerSecond: TARGET_LATENCY_RATE_PER_S },
        preparation: {
          forms: count,
          seconds: preparationSeconds,
          meanMailBytes: Math.round(mailBytes),
        },
        scenarios,
        stageTable,
      },
    };
  } finally {
    // Once interrupted, the signal handler owns the shutdown and ends the process when everything
    // is stopped; settling here would let the caller exit before the services are down.
    if (interrupted) await new Promise<never>(() => undefined);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress('stopping the services');
    await env.close();
  }
}
