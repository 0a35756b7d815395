import { z } from 'zod';
import { defineStage } from '../src/queue/stage.js';

/** Every document of a message read as a form (or as a web service description) and recorded. */
export const parseStage = defineStage({
  name: 'parse',
  version: 1,
  payload: z.strictObject({ messageId: z.string().regex(/^\d+$/) }),
  key: (p) => p.messageId,
});
