import type { StageHandler } from '../src/queue/pipeline-workers.js';
import type { StageDeps } from './deps.js';
import { enqueueAnswers } from './enqueue-answers.js';
import { runStep } from './run-step.js';

/** Consultative support: a new ticket, or correspondence joining the case it answers. */
export function supportHandler(deps: StageDeps): StageHandler {
  return async (payload, context) => {
    const kase = await runStep(deps, String(payload.messageId), context);
    await enqueueAnswers(deps, kase.id);
  };
}
