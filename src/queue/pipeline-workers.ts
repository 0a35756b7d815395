import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../adapters/logger.js';
import { AppError, isRetryable } from '../errors/index.js';
import { DEAD_LETTER_QUEUE, type PipelineQueues } from './pipeline-queues.js';
import type { StageDefinition } from './stage.js';

/**
 * A job holds its lock this long between renewals. Verification of a large document takes
 * seconds, so 60 s leaves room for a busy event loop without a healthy job being taken as stalled.
 */
export const LOCK_DURATION_MS = 60_000;
/** Stalled jobs (their worker died) are picked up again after this check interval, at most twice. */
export const STALLED_INTERVAL_MS = 30_000;
export const MAX_STALLED_COUNT = 2;

export interface StageContext {
  job: Job;
  attempt: number;
  attempts: number;
  logger: Logger;
}

export type StageHandler = (
  payload: Record<string, unknown>,
  context: StageContext,
) => Promise<void>;

export interface StartWorkersOptions {
  stages: readonly StageDefinition[];
  handlers: ReadonlyMap<string, StageHandler>;
  connection: Redis;
  prefix: string;
  queues: PipelineQueues;
  logger: Logger;
  /** Jobs run at once per stage name; 1 for a stage not named. */
  concurrency?: Readonly<Record<string, number>>;
  /** Overrides LOCK_DURATION_MS; stalled jobs are then checked every half of it. */
  lockMs?: number;
}

/**
 * One worker per stage. At boot every stage must have exactly one handler and every handler a
 * stage, or the process refuses to start. Permanent failures skip the retries; jobs that exhaust
 * their attempts are copied to the dead-letter queue with the error, for staff to see and retry.
 */
export function startPipelineWorkers(options: StartWorkersOptions): { close: () => Promise<void> } {
  const names = new Set(options.stages.map((s) => s.name));
  const missing = [...names].filter((n) => !options.handlers.has(n));
  const orphans = [...options.handlers.keys()].filter((n) => !names.has(n));
  if (missing.length || orphans.length || names.size !== options.stages.length) {
    throw new AppError(
      'PIPELINE_MISCONFIGURED',
      `every stage needs exactly one handler (missing: ${missing.join(', ') || 'none'}; without a stage: ${orphans.join(', ') || 'none'})`,
    );
  }
  const workers = options.stages.map((stage) => {
    const handler = options.handlers.get(stage.name) as StageHandler;
    const worker = new Worker(
      stage.name,
      async (job: Job) => {
        const logger = options.logger.child({
          stage: stage.name,
          job: job.id,
          attempt: job.attemptsMade + 1,
        });
        const { v, ...rest } = job.data as { v?: number } & Record<string, unknown>;
        if (v !== stage.version)
          throw new UnrecoverableError(`payload version ${String(v)} is not ${stage.version}`);
        const parsed = stage.payload.safeParse(rest);
        if (!parsed.success)
          throw new UnrecoverableError(`invalid payload: ${parsed.error.issues[0]?.message ?? ''}`);
        try {
          await handler(parsed.data as Record<string, unknown>, {
            job,
            attempt: job.attemptsMade + 1,
            attempts: job.opts.attempts ?? 1,
            logger,
          });
        } catch (error) {
          if (error instanceof AppError && !isRetryable(error))
            throw new UnrecoverableError(`${error.code}: ${error.message}`);
          throw error;
        }
      },
      {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: options.concurrency?.[stage.name] ?? 1,
        lockDuration: options.lockMs ?? LOCK_DURATION_MS,
        stalledInterval: options.lockMs ? Math.ceil(options.lockMs / 2) : STALLED_INTERVAL_MS,
        maxStalledCount: MAX_STALLED_COUNT,
      },
    );
    worker.on('failed', (job, error) => {
      if (!job) return;
      const exhausted =
        error instanceof UnrecoverableError ||
        error.name === 'UnrecoverableError' ||
        job.attemptsMade >= (job.opts.attempts ?? 1);
      options.logger.warn({ stage: stage.name, job: job.id, err: error, exhausted }, 'job failed');
      if (!exhausted) return;
      void options.queues
        .queue(DEAD_LETTER_QUEUE)
        .add(
          'dead',
          {
            stage: stage.name,
            jobId: job.id,
            data: job.data,
            error: error.message,
            failedAt: new Date().toISOString(),
          },
          { jobId: `dead-${job.id ?? 'unknown'}`, removeOnComplete: false, removeOnFail: false },
        )
        .catch((err: unknown) =>
          options.logger.error({ err, job: job.id }, 'could not record a dead letter'),
        );
    });
    worker.on('error', (err) => options.logger.warn({ err, stage: stage.name }, 'worker error'));
    return worker;
  });
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
