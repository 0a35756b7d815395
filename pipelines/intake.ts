import { z } from 'zod';
import { defineStage } from '../src/queue/stage.js';

/** A stored message enters the pipeline: read it, decide whether to answer, record its documents. */
export const intakeStage = defineStage({
  name: 'intake',
  version: 1,
  payload: z.strictObject({ messageId: z.string().regex(/^\d+$/) }),
  key: (p) => p.messageId,
});
