import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../src/adapters/logger.js';
import type { PipelineQueues } from '../../../src/queue/pipeline-queues.js';
import { startPipelineWorkers, type StageHandler } from '../../../src/queue/pipeline-workers.js';
import { defineStage, jobIdFor } from '../../../src/queue/stage.js';

const a = defineStage({
  name: 'alpha',
  version: 1,
  payload: z.object({ id: z.string() }),
  key: (p) => p.id,
});
const b = defineStage({
  name: 'beta',
  version: 2,
  payload: z.object({ id: z.string() }),
  key: (p) => p.id,
});
const noop: StageHandler = async () => undefined;
// The boot check runs before any connection is used, so none is needed to test it.
const unused = {} as Redis;
const queues = {} as PipelineQueues;
const logger = createLogger({ level: 'silent' });

describe('pipeline boot checks', () => {
  it('refuses to start when a stage has no handler', () => {
    expect(() =>
      startPipelineWorkers({
        stages: [a, b],
        handlers: new Map([['alpha', noop]]),
        connection: unused,
        prefix: 't',
        queues,
        logger,
      }),
    ).toThrow(/missing: beta/);
  });

  it('refuses to start when a handler has no stage', () => {
    expect(() =>
      startPipelineWorkers({
        stages: [a],
        handlers: new Map([
          ['alpha', noop],
          ['gamma', noop],
        ]),
        connection: unused,
        prefix: 't',
        queues,
        logger,
      }),
    ).toThrow(/without a stage: gamma/);
  });

  it('refuses two stages with one name', () => {
    expect(() =>
      startPipelineWorkers({
        stages: [a, a],
        handlers: new Map([['alpha', noop]]),
        connection: unused,
        prefix: 't',
        queues,
        logger,
      }),
    ).toThrow(/exactly one handler/);
  });

  it('makes deterministic job ids without the characters BullMQ refuses', () => {
    expect(jobIdFor(b, '42')).toBe('beta-v2-42');
    expect(jobIdFor(a, 'x:y/z')).toBe('alpha-v1-x_y_z');
  });
});
