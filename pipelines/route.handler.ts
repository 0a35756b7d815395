import { routeSubmission } from '../src/cases/index.js';
import { AppError } from '../src/errors/index.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import { loadSubmission } from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { PROCEDURE_STAGES } from './procedure-stages.js';

/** By form type (and, for mail without a form, the support path): one procedure queue. */
export function routeHandler(deps: StageDeps): StageHandler {
  return async (payload, { logger }) => {
    const messageId = String(payload.messageId);
    const submission = await loadSubmission(deps.db, messageId);
    if (!submission) throw new AppError('RECORD_NOT_FOUND', `message ${messageId} is not recorded`);
    const routing = routeSubmission(submission);
    await deps.enqueue(PROCEDURE_STAGES[routing.procedure], { messageId });
    logger.info({ message: messageId, procedure: routing.procedure, step: routing.step }, 'routed');
  };
}
