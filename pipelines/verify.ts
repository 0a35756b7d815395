import { z } from 'zod';
import { defineStage } from '../src/queue/stage.js';

/** One document's signatures verified and its report stored. */
export const verifyStage = defineStage({
  name: 'verify',
  version: 1,
  payload: z.strictObject({ documentId: z.string().regex(/^\d+$/) }),
  key: (p) => p.documentId,
});
