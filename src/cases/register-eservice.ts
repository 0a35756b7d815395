import { agencyYear } from './agency-calendar.js';
import { SYSTEM, type CaseRecord } from './case-types.js';
import { assignContactPerson } from './assign-contact-person.js';
import { nextCaseNumber } from './case-number.js';
import { language, text } from './form-fields.js';
import { formatIdentifier, identifierCounter } from './identifier-format.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';
import { refuseSubmission } from './refuse-submission.js';
import { signedFormProblems } from './signature-requirement.js';
import { answerAddress, type Submission, type SubmittedDocument } from './submission.js';

/**
 * P1 steps 2 → 3. A registration form the intake policy accepts registers the e-service, assigns
 * it the next identifier and an implementation contact person, and answers with both; the case
 * then waits for the access-rights and API Manager forms. Anything short of that is refused and
 * nothing is registered.
 */
export async function registerEService(
  ctx: ProcedureContext,
  submission: Submission,
  document: SubmittedDocument,
): Promise<CaseRecord> {
  const problems = signedFormProblems(document);
  const data = document.form?.data ?? null;
  if (problems.length || !data)
    return refuseSubmission(ctx, submission, 'P1', [document], problems);
  // The same signed form mailed again (forwarded, or sent twice) registers nothing new.
  const earlier = await ctx.store.eserviceFromDocument(document.sha256);
  if (earlier)
    return refuseSubmission(
      ctx,
      submission,
      'P1',
      [document],
      [
        `this registration form was already registered: the e-service ${earlier.identifier} (case ${earlier.caseNumber})`,
      ],
    );

  const year = agencyYear(ctx.now);
  const format = ctx.settings.identifierFormat;
  const identifier = formatIdentifier(
    format,
    year,
    await ctx.store.nextInCounter(identifierCounter(format, year)),
  );
  const contact = await assignContactPerson(ctx);
  const institutionRegNo = text(data, 'institutionRegNo') ?? '';
  const institutionName = text(data, 'institutionName') ?? '';
  const nameLv = text(data, 'eserviceNameLv') ?? '';
  const kase = await ctx.store.openCase(
    {
      procedure: 'P1',
      state: 'awaiting-access-request',
      number: await nextCaseNumber(ctx.store, 'P1', ctx.now),
      institutionRegNo,
      institutionName,
      title: nameLv,
      contactPerson: contact.name,
      language: language(data),
      replyTo: answerAddress(submission),
      data: {
        eserviceId: identifier,
        registrationDocumentId: document.id,
        registrationSha256: document.sha256,
      },
    },
    {
      kind: 'eservice-registered',
      actor: SYSTEM,
      messageId: submission.messageId,
      detail: { identifier, contactPerson: contact.name },
    },
  );
  await ctx.store.registerEService({
    identifier,
    caseId: kase.id,
    institutionRegNo,
    institutionName,
    nameLv,
    nameEn: text(data, 'eserviceNameEn'),
    contactPerson: contact.name,
    details: data,
  });
  await ctx.store.linkMessage(kase.id, submission.messageId);
  await queueAnswer(ctx, kase, {
    kind: 'registration-confirmed',
    dedupeKey: `registration-confirmed:${kase.id}`,
    recipient: kase.replyTo,
    language: kase.language,
    triggerMessageId: submission.messageId,
    data: {
      caseNumber: kase.number,
      identifier,
      eserviceName: nameLv,
      contactPerson: { name: contact.name, email: contact.email },
    },
  });
  return kase;
}
