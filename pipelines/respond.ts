import { z } from 'zod';
import { defineStage } from '../src/queue/stage.js';

/** One queued answer rendered, sealed, verified, sent over SMTP once and copied to Sent. */
export const respondStage = defineStage({
  name: 'respond',
  version: 1,
  payload: z.strictObject({ outboxId: z.string().regex(/^\d+$/) }),
  key: (p) => p.outboxId,
});
