import { agencyDate, checkOperationDescription, identifierPattern } from '../src/cases/index.js';
import { AppError } from '../src/errors/index.js';
import { readForm, validateForm } from '../src/forms/index.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import { signedRevisionHashes } from '../src/signature/index.js';
import { loadMessage, loadSubmission, saveFormReading } from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { routeStage } from './route.js';

/**
 * Reads the fields of every document, only from what its signature covers (the forms library
 * reports values changed afterwards), validates them with the form type's schema and records the
 * reading. Documents that are no form are checked as web service descriptions (P2 needs one).
 */
export function parseHandler(deps: StageDeps): StageHandler {
  return async (payload, { logger }) => {
    const messageId = String(payload.messageId);
    const message = await loadMessage(deps.db, messageId);
    if (!message) throw new AppError('RECORD_NOT_FOUND', `message ${messageId} is not recorded`);
    const submission = await loadSubmission(deps.db, messageId);
    const today = agencyDate(new Date());
    const pattern = identifierPattern(deps.config.procedures.identifierFormat);
    let forms = 0;
    for (const document of submission?.documents ?? []) {
      const bytes = await deps.blobs.get(document.sha256);
      const reading = await readForm(document.filename, bytes);
      const signedRevisions = signedRevisionHashes(bytes);
      if (reading.kind === 'form') {
        forms += 1;
        const validation = validateForm(reading.formType, reading.values, {
          today,
          identifierPattern: pattern,
        });
        await saveFormReading(deps.db, {
          documentId: document.id,
          messageId,
          formType: reading.formType,
          formVersion: reading.formVersion,
          source: reading.source,
          values: reading.values,
          // A value the reader had to cut or could not read is a problem even if what is left
          // happens to validate.
          data:
            validation.ok && reading.problems.length === 0
              ? (validation.data as Record<string, unknown>)
              : null,
          problems: [...reading.problems, ...(validation.ok ? [] : validation.problems)],
          changedAfterSigning: reading.changedAfterSigning,
          notAFormReason: null,
          description: null,
          signedRevisions,
        });
      } else {
        await saveFormReading(deps.db, {
          documentId: document.id,
          messageId,
          formType: null,
          formVersion: null,
          source: null,
          values: null,
          data: null,
          problems: [],
          changedAfterSigning: [],
          notAFormReason: reading.reason,
          description: checkOperationDescription(document.filename, bytes),
          signedRevisions,
        });
      }
    }
    await deps.enqueue(routeStage, { messageId });
    logger.info({ message: messageId, forms }, 'forms read');
  };
}
