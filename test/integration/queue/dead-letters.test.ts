import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../src/adapters/logger.js';
import { AppError } from '../../../src/errors/index.js';
import { listDeadLetters, retryDeadLetter } from '../../../src/queue/dead-letters.js';
import { createPipelineQueues, type PipelineQueues } from '../../../src/queue/pipeline-queues.js';
import { startPipelineWorkers } from '../../../src/queue/pipeline-workers.js';
import { defineStage } from '../../../src/queue/stage.js';

/**
 * A job that fails for good lands in the dead-letter queue with its error; staff retry it and
 * the same job (same id) runs again with fresh attempts. Real Redis, a queue prefix of its own.
 */
const stage = defineStage({
  name: 'flaky',
  version: 1,
  payload: z.strictObject({ id: z.string() }),
  key: (p) => p.id,
});
const logger = createLogger({ level: 'silent' });
let worker: Redis;
let producer: Redis;
let queues: PipelineQueues;
let workers: { close(): Promise<void> };
let broken = true;
const runs: string[] = [];

beforeAll(() => {
  const url = inject('services').redis?.url ?? '';
  const prefix = `dead-${randomBytes(3).toString('hex')}`;
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
          if (broken) throw new AppError('PIPELINE_MISCONFIGURED', 'signing is not configured');
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

describe('dead letters', () => {
  it('when a job fails for good, then staff see it with its error, and a retry runs the same job again once the cause is fixed', async () => {
    await queues.enqueue(stage, { id: 'A1' });
    const [dead] = await until(async () => {
      const list = await listDeadLetters(queues);
      return list.length ? list : undefined;
    });
    expect(dead).toMatchObject({
      stage: 'flaky',
      data: { id: 'A1' },
      error: expect.stringContaining('signing is not configured'),
    });
    // Permanent: not retried on its own.
    expect(runs).toEqual(['A1']);

    broken = false;
    await retryDeadLetter(queues, dead?.id ?? '');
    await until(async () =>
      (await queues.queue('flaky').getCompletedCount()) === 1 ? true : undefined,
    );
    expect(runs).toEqual(['A1', 'A1']);
    expect(await listDeadLetters(queues)).toEqual([]);
    await expect(retryDeadLetter(queues, dead?.id ?? '')).rejects.toThrow(/no dead letter/);
  });
});
