import type { StageHandler } from '../src/queue/pipeline-workers.js';
import type { StageDeps } from './deps.js';
import { enqueueAnswers } from './enqueue-answers.js';
import { runStep } from './run-step.js';

/** P1: registration (steps 2–3) and the access forms (steps 4–5). */
export function registrationHandler(deps: StageDeps): StageHandler {
  return async (payload, context) => {
    const kase = await runStep(deps, String(payload.messageId), context);
    await enqueueAnswers(deps, kase.id);
  };
}
