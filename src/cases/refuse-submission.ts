import { SYSTEM, type CaseRecord, type Procedure } from './case-types.js';
import { nextCaseNumber } from './case-number.js';
import { language, text } from './form-fields.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';
import { answerAddress, type Submission, type SubmittedDocument } from './submission.js';

/**
 * A submission that cannot be acted on: a refused case records it (nothing is registered) and the
 * institution gets a letter naming every reason, with the validation report of each document.
 * When the submission belongs to an existing case (`existing`), the refusal is recorded there
 * and the case stays where it was.
 */
export async function refuseSubmission(
  ctx: ProcedureContext,
  submission: Submission,
  procedure: Procedure,
  documents: readonly SubmittedDocument[],
  reasons: readonly string[],
  existing?: CaseRecord,
): Promise<CaseRecord> {
  const data = documents.find((d) => d.form?.data)?.form?.data ?? null;
  const values = documents[0]?.form?.values ?? {};
  const regNo = text(data, 'institutionRegNo') ?? stringValue(values['institutionRegNo']);
  const event = {
    kind: 'submission-refused',
    actor: SYSTEM,
    messageId: submission.messageId,
    detail: { reasons, documents: documents.map((d) => d.id) },
  };
  const kase = existing
    ? await ctx.store.note(existing, event)
    : await ctx.store.openCase(
        {
          procedure,
          state: 'refused',
          number: await nextCaseNumber(ctx.store, procedure, ctx.now),
          institutionRegNo: regNo,
          institutionName: text(data, 'institutionName'),
          title: submission.subject,
          language: language(data),
          replyTo: answerAddress(submission),
          data: { refusedDocuments: documents.map((d) => d.id) },
        },
        event,
      );
  await ctx.store.linkMessage(kase.id, submission.messageId);
  await queueAnswer(ctx, kase, {
    kind: 'refusal',
    dedupeKey: `refusal:${submission.messageId}`,
    recipient: answerAddress(submission),
    language: kase.language,
    triggerMessageId: submission.messageId,
    data: { caseNumber: kase.number, reasons, files: documents.map((d) => d.filename) },
    attachments: documents
      .filter((d) => d.signature)
      .map((d) => ({ kind: 'validation-report' as const, documentId: d.id })),
  });
  return kase;
}

function stringValue(value: string | boolean | undefined): string | null {
  return typeof value === 'string' && /^\d{11}$/.test(value) ? value : null;
}
