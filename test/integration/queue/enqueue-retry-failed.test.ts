import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../src/adapters/logger.js';
import { AppError } from '../../../src/errors/index.js';
import { listDeadLetters } from '../../../src/queue/dead-letters.js';
import { createPipelineQueues, type PipelineQueues } from '../../../src/queue/pipeline-queues.js';
import { startPipelineWorkers } from '../../../src/queue/pipeline-workers.js';
import { defineStage } from '../../../src/queue/stage.js';

/**
 * Regression: an answer whose respond job ran out of attempts (the relay refused longer than the
 * backoff) stayed `pending` for ever, because the sweep re-added a job id BullMQ still held as
 * failed, which it silently ignores. With `rerunFinished` the sweep's enqueue runs that same job
 * again and drops its dead letter; a plain enqueue still leaves a finished job alone.
 * Regression too: an answer released by staff after its job had completed without sending it
 * (held by the daily cap, or unconfirmed) stayed pending for ever, for the same reason.
 */
const stage = defineStage({
  name: 'answer',
  version: 1,
  payload: z.strictObject({ id: z.string() }),
  key: (p) => p.id,
});
const logger = createLogger({ level: 'silent' });
let worker: Redis;
let producer: Redis;
let queues: PipelineQueues;
let workers: { close(): Promise<void> };
let relayRefuses = true;
const runs: string[] = [];

beforeAll(() => {
  const url = inject('services').redis?.url ?? '';
  const prefix = `retry-failed-${randomBytes(3).toString('hex')}`;
  worker = new Redis(url, { maxRetriesPerRequest: null });
  producer = new Redis(url, { maxRetriesPerRequest: 1 });
  queues = createPipelineQueues(producer, prefix, [stage], () => undefined);
  workers = startPipelineWorkers({
    stages: [stage],
    handlers: new Map([
      [
        stage.name,
        async (payload: Record<string, unknown>) => {
          runs.push(String(payload.id));
          // Stands for "out of attempts": a permanent error fails the job at once.
          if (relayRefuses) throw new AppError('PIPELINE_MISCONFIGURED', 'relay refused');
        },
      ],
    ]),
    connection: worker,
    prefix,
    queues,
    logger,
  });
});

afterAll(async () => {
  await workers?.close();
  await queues?.close();
  worker?.disconnect();
  producer?.disconnect();
});

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('enqueue with rerunFinished', () => {
  it('when the sweep hands on an answer whose job failed for good, then that same job runs again and its dead letter goes', async () => {
    await queues.enqueue(stage, { id: 'R1' });
    await until(async () => ((await listDeadLetters(queues)).length ? true : undefined));
    const job = await queues.queue(stage.name).getJob('answer-v1-R1');
    expect(await job?.getState()).toBe('failed');

    // A plain enqueue of the same id is a no-op: the job stays failed (the old sweep's hole).
    await queues.enqueue(stage, { id: 'R1' });
    expect(await job?.getState()).toBe('failed');
    expect(runs).toEqual(['R1']);

    relayRefuses = false;
    await queues.enqueue(stage, { id: 'R1' }, { rerunFinished: true });
    await until(async () => ((await job?.getState()) === 'completed' ? true : undefined));
    expect(runs).toEqual(['R1', 'R1']);
    expect(await listDeadLetters(queues)).toEqual([]);

    // Completed: a plain enqueue (a step handing its answers on twice) does not run it again.
    await queues.enqueue(stage, { id: 'R1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(runs).toEqual(['R1', 'R1']);
  });

  it('when staff release an answer whose job completed without sending it, then the sweep runs that job again', async () => {
    relayRefuses = false;
    await queues.enqueue(stage, { id: 'H1' });
    const job = await until(async () => {
      const found = await queues.queue(stage.name).getJob('answer-v1-H1');
      return (await found?.getState()) === 'completed' ? found : undefined;
    });
    expect(runs.filter((r) => r === 'H1')).toHaveLength(1);
    // The database says pending again (released): the sweep hands it on with rerunFinished.
    await queues.enqueue(stage, { id: 'H1' }, { rerunFinished: true });
    await until(async () => (runs.filter((r) => r === 'H1').length === 2 ? true : undefined));
    await until(async () => ((await job.getState()) === 'completed' ? true : undefined));
  });
});
