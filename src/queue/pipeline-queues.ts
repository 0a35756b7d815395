import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../errors/index.js';
import { jobIdFor, type StageDefinition, type StagePayload } from './stage.js';

/** Attempts before a job is given up and copied to the dead-letter queue. */
export const JOB_ATTEMPTS = 8;
/** First retry delay; each further one doubles (0.5 s … ~1 min over 8 attempts). */
export const JOB_BACKOFF_MS = 500;
/** Completed jobs kept for the queue view; the database is the record, not Redis. */
export const KEEP_COMPLETED_JOBS = 1_000;
export const DEAD_LETTER_QUEUE = 'dead-letter';

export interface EnqueueOptions {
  /**
   * When a job of this id already finished — ran out of attempts, or completed without doing the
   * work because it was not due then (an answer held by the cap or left unconfirmed, later
   * released by staff) — run it again with fresh attempts and drop its dead letter, instead of
   * the silent no-op BullMQ makes of adding an existing id. Only for callers that know from the
   * database the work is still due (the sweep's pending answers), on a handler that is
   * idempotent by its own ledger.
   */
  rerunFinished?: boolean;
}

export interface Enqueue {
  <S extends StageDefinition>(
    stage: S,
    payload: StagePayload<S>,
    options?: EnqueueOptions,
  ): Promise<void>;
}

export interface PipelineQueues {
  enqueue: Enqueue;
  queue(name: string): Queue;
  close(): Promise<void>;
}

/**
 * One BullMQ queue per stage, on the given connection. Producers should use a connection that
 * fails fast (no offline queue) so a Redis outage surfaces as an error, not unbounded memory.
 */
export function createPipelineQueues(
  connection: Redis,
  prefix: string,
  stages: readonly StageDefinition[],
  onError: (error: Error) => void,
): PipelineQueues {
  const queues = new Map<string, Queue>();
  for (const name of [...stages.map((s) => s.name), DEAD_LETTER_QUEUE]) {
    // Without a listener an unreachable Redis is printed to the console on every retry.
    queues.set(name, new Queue(name, { connection, prefix }).on('error', onError));
  }
  const queue = (name: string): Queue => {
    const q = queues.get(name);
    if (!q) throw new AppError('PIPELINE_MISCONFIGURED', `no queue ${name}`);
    return q;
  };
  return {
    queue,
    async enqueue(stage, payload, options) {
      const parsed = stage.payload.safeParse(payload);
      if (!parsed.success)
        throw new AppError(
          'JOB_PAYLOAD_INVALID',
          `${stage.name}: ${parsed.error.issues[0]?.message ?? 'invalid payload'}`,
        );
      const job = await queue(stage.name).add(
        stage.name,
        { v: stage.version, ...(parsed.data as object) },
        {
          jobId: jobIdFor(stage, stage.key(parsed.data)),
          attempts: JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
          removeOnComplete: KEEP_COMPLETED_JOBS,
          removeOnFail: false,
        },
      );
      if (options?.rerunFinished && job.id !== undefined) {
        if (await job.isFailed()) {
          await job.retry('failed', { resetAttemptsMade: true });
          await queue(DEAD_LETTER_QUEUE).remove(`dead-${job.id}`);
        } else if (await job.isCompleted()) {
          await job.retry('completed', { resetAttemptsMade: true });
        }
      }
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
