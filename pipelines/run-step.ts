import { runSubmission, type CaseRecord } from '../src/cases/index.js';
import { AppError } from '../src/errors/index.js';
import type { StageContext } from '../src/queue/pipeline-workers.js';
import { loadSubmission, markMessageProcessed } from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { procedureContext } from './procedure-context.js';

/**
 * Runs a message's procedure step in one transaction: the case change, its events, the registry
 * records, the queued answer and the message's link to the case commit together, so a retried
 * job either finds the link (and does nothing) or finds nothing done.
 */
export async function runStep(
  deps: StageDeps,
  messageId: string,
  { logger }: Pick<StageContext, 'logger'>,
): Promise<CaseRecord> {
  const submission = await loadSubmission(deps.db, messageId);
  if (!submission) throw new AppError('RECORD_NOT_FOUND', `message ${messageId} is not recorded`);
  const kase = await deps.db.transaction((tx) =>
    runSubmission(procedureContext(deps.config, tx, new Date()), submission),
  );
  await markMessageProcessed(deps.db, messageId);
  logger.info(
    { message: messageId, case: kase.number, procedure: kase.procedure, state: kase.state },
    'procedure step done',
  );
  return kase;
}
