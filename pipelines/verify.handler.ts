import { AppError } from '../src/errors/index.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import {
  documentsAwaitingReport,
  loadDocument,
  saveVerificationReport,
} from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { parseStage } from './parse.js';

/**
 * Verifies one document and stores its report. A signature left INDETERMINATE only because
 * revocation or time-stamp services did not answer (TRY_LATER) is retried with backoff; on the
 * last attempt that result is stored as it is, so the case can go on with the reason.
 */
export function verifyHandler(deps: StageDeps): StageHandler {
  return async (payload, { attempt, attempts, logger }) => {
    const documentId = String(payload.documentId);
    const document = await loadDocument(deps.db, documentId);
    if (!document) throw new AppError('RECORD_NOT_FOUND', `document ${documentId} is not recorded`);
    const bytes = await deps.blobs.get(document.sha256);
    const report = await deps.verify(document.filename, bytes);
    const tryLater = report.signatures.some((s) => s.subIndication === 'TRY_LATER');
    if (tryLater && !deps.config.verify.offline && attempt < attempts) {
      throw new AppError(
        'VERIFY_TRY_LATER',
        `document ${documentId}: revocation status not available yet`,
      );
    }
    const first = report.signatures.find((s) => s.kind !== 'document-timestamp');
    await saveVerificationReport(deps.db, documentId, report, {
      accepted: report.accepted,
      format: report.format,
      indication: first?.indication ?? null,
      subIndication: first?.subIndication ?? null,
      level: first?.level ?? null,
      qualification: first?.qualification ?? null,
      signer: first?.signer?.subject ?? null,
      signingTime: first?.bestSignatureTime ?? null,
    });
    logger.info(
      { document: documentId, accepted: report.accepted, format: report.format },
      'document verified',
    );
    // The last of the message's documents to be verified moves the message on; when two finish
    // at once both enqueue, and the deterministic job id makes that one job.
    if ((await documentsAwaitingReport(deps.db, document.messageId)) === 0)
      await deps.enqueue(parseStage, { messageId: document.messageId });
  };
}
