import { z } from 'zod';
import { defineStage } from '../src/queue/stage.js';

/** A periodic sweep: cases waiting too long for their second access form get one reminder. */
export const remindersStage = defineStage({
  name: 'reminders',
  version: 1,
  payload: z.strictObject({}),
  key: () => 'sweep',
});

/** How often the sweep runs; reminders are counted in hours, so a quarter hour is prompt enough. */
export const REMINDER_SWEEP_MS = 15 * 60 * 1000;
