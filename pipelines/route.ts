import { z } from 'zod';
import { defineStage } from '../src/queue/stage.js';

/** A read message sent to the queue of the procedure it belongs to. */
export const routeStage = defineStage({
  name: 'route',
  version: 1,
  payload: z.strictObject({ messageId: z.string().regex(/^\d+$/) }),
  key: (p) => p.messageId,
});
