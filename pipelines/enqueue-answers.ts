import { pendingOutboxOfCase } from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { respondStage } from './respond.js';

/**
 * Hands a case's pending answers to the respond stage once its step has committed. A crash
 * before this runs leaves them pending; the timed sweep hands them on later.
 */
export async function enqueueAnswers(deps: StageDeps, caseId: string): Promise<void> {
  for (const outboxId of await pendingOutboxOfCase(deps.db, caseId))
    await deps.enqueue(respondStage, { outboxId });
}
