import { composeMail } from '../src/adapters/compose-mail.js';
import type { AnswerKind } from '../src/cases/index.js';
import { AppError } from '../src/errors/index.js';
import { letterSubject, letterText, renderLetter } from '../src/responses/letters/index.js';
import {
  renderHtml,
  reportOfDocument,
  type DocumentReport,
  type VerificationReport,
} from '../src/signature/index.js';
import {
  loadVerificationReport,
  recordComposedAnswer,
  threadOf,
  type OutboxEntry,
} from '../src/store/index.js';
import type { StageDeps } from './deps.js';

/**
 * An answer made once: the letter rendered, sealed and checked by our own verifier (a letter the
 * agency could not defend is never sent), its attachments gathered (validation reports as HTML,
 * the acceptance act), and the whole MIME message built and stored. Returns the stored message's
 * hash; a second call for the same answer returns the first one's.
 */
export async function composeAnswer(
  deps: StageDeps,
  entry: OutboxEntry,
  now: Date,
): Promise<string> {
  if (entry.mimeSha256) return entry.mimeSha256;
  if (!deps.seal)
    throw new AppError(
      'PIPELINE_MISCONFIGURED',
      'signing is not configured: answers cannot be sealed',
    );
  const thread = entry.triggerMessageId
    ? await threadOf(deps.db, entry.triggerMessageId)
    : undefined;
  const kind = entry.kind as AnswerKind;
  const context = {
    agencyName: deps.config.agency.name,
    caseNumber: entry.caseNumber,
    date: now,
    recipient: entry.recipient,
    ...(thread
      ? {
          inReplyTo: {
            subject: thread.subject,
            receivedAt: thread.receivedAt,
            messageId: thread.messageIdHeader,
          },
        }
      : {}),
  };
  let letter = await deps.seal(await renderLetter(kind, entry.language, entry.data, context));
  if (deps.config.respond.level === 'B-LT' && deps.addValidationData)
    letter = await deps.addValidationData(letter);
  const check = await deps.verify(`${entry.caseNumber}.pdf`, letter);
  if (!check.accepted)
    throw new AppError(
      'ANSWER_NOT_VERIFIED',
      `the sealed letter for ${entry.caseNumber} did not pass verification: ${check.reasons.join('; ')}`,
    );
  const letterBlob = await deps.blobs.put(letter);

  const attachments = [
    {
      filename: `${entry.caseNumber}-${kind}.pdf`,
      contentType: 'application/pdf',
      content: letter,
    },
  ];
  for (const [index, attachment] of entry.attachments.entries()) {
    if (attachment.kind === 'validation-report' && attachment.documentId) {
      const report = await validationReport(deps, attachment.documentId);
      if (report)
        attachments.push({
          filename: `parbaudes-zinojums-${index + 1}.html`,
          contentType: 'text/html; charset=utf-8',
          content: new TextEncoder().encode(renderHtml(report)),
        });
    } else if (attachment.kind === 'document' && attachment.sha256) {
      attachments.push({
        filename: attachment.filename ?? `pielikums-${index + 1}.pdf`,
        contentType: 'application/pdf',
        content: await deps.blobs.get(attachment.sha256),
      });
    }
  }
  const raw = await composeMail({
    from: deps.config.smtp.from,
    to: entry.recipient,
    subject: letterSubject(kind, entry.language, entry.data, entry.caseNumber),
    messageId: entry.outgoingMessageId,
    inReplyTo: thread?.messageIdHeader ?? null,
    references: thread?.references ?? [],
    date: now,
    text: letterText(kind, entry.language, entry.data, context),
    attachments,
  });
  const mimeBlob = await deps.blobs.put(raw);
  const stored = await recordComposedAnswer(deps.db, entry.id, letterBlob.sha256, mimeBlob.sha256);
  return stored.mimeSha256;
}

async function validationReport(
  deps: StageDeps,
  documentId: string,
): Promise<VerificationReport | undefined> {
  const stored = await loadVerificationReport(deps.db, documentId);
  return (
    stored &&
    reportOfDocument(stored.report as DocumentReport, stored.verifiedAt, deps.config.verify.offline)
  );
}
