import type { StageHandler } from '../src/queue/pipeline-workers.js';
import type { StageDeps } from './deps.js';
import { runStep } from './run-step.js';

/** Consultative support: a new ticket, or correspondence joining the case it answers. */
export function supportHandler(deps: StageDeps): StageHandler {
  return async (payload, context) => {
    await runStep(deps, String(payload.messageId), context);
  };
}
