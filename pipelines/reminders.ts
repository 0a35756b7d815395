import { z } from 'zod';
import { defineStage } from '../src/queue/stage.js';

/**
 * A periodic sweep: cases waiting too long for their second access form get one reminder, and
 * pending answers nobody handed on go to the respond stage.
 */
export const remindersStage = defineStage({
  name: 'reminders',
  version: 1,
  payload: z.strictObject({}),
  key: () => 'sweep',
});

/**
 * How often the sweep runs. Reminders are counted in hours, but the same sweep hands on answers
 * queued outside a pipeline step (a staff action from the CLI or the dashboard) or left pending
 * by a crash, and those should not wait long.
 */
export const REMINDER_SWEEP_MS = 30 * 1000;
