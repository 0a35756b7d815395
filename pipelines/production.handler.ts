import type { StageHandler } from '../src/queue/pipeline-workers.js';
import type { StageDeps } from './deps.js';
import { issueAcceptanceAct } from './issue-acceptance-act.js';
import { enqueueAnswers } from './enqueue-answers.js';
import { runStep } from './run-step.js';

/**
 * P2: the request checked (steps 1–2), the acceptance act issued and taken back (step 3), the
 * production catalogue (step 4). The act is sealed after the step's transaction commits; a retry
 * after a crash in between finds the case waiting without an act and issues it then.
 */
export function productionHandler(deps: StageDeps): StageHandler {
  return async (payload, context) => {
    const kase = await runStep(deps, String(payload.messageId), context);
    await issueAcceptanceAct(deps, kase.id, context);
    await enqueueAnswers(deps, kase.id);
  };
}
