import { SYSTEM, type CaseRecord } from './case-types.js';
import { analyseAuditRecords } from './analyse-audit-records.js';
import { nextCaseNumber } from './case-number.js';
import { checkAgainstCatalogue } from './check-against-catalogue.js';
import { flag, language, nestedText, text } from './form-fields.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';
import { refuseSubmission } from './refuse-submission.js';
import { registerInProduction } from './register-in-production.js';
import { formProblems } from './signature-requirement.js';
import { answerAddress, formsOf, type Submission } from './submission.js';

/**
 * P2 steps 1 → 2. A request to publish a web service in production is checked against the
 * test-environment IS catalogue and its operation description; a service used inside VISS also
 * has its audit records analysed. Each problem goes to the named contact person and the case waits
 * for a corrected request, which continues the same case. A passing request goes on to the
 * acceptance test act (used inside VISS) or straight to production.
 *
 * The procedure does not require a signature; one that is present is recorded, and a broken one
 * (the request altered after signing) is a nonconformity.
 */
export async function requestProduction(
  ctx: ProcedureContext,
  submission: Submission,
): Promise<CaseRecord> {
  const document = formsOf(submission, 'production-request')[0];
  if (!document?.form) throw new Error('requestProduction needs a production-request form');
  const data = document.form.data;
  const values = document.form.values;
  const raw = (key: string): string =>
    text(data, key) ?? (typeof values[key] === 'string' ? values[key] : '');
  const request = {
    testCatalogueId: raw('testCatalogueId'),
    webServiceName: raw('webServiceName'),
    webServiceVersion: raw('webServiceVersion'),
    institutionRegNo: raw('institutionRegNo'),
  };

  // One case per web service and institution at a time: a corrected request continues the case
  // waiting for it; a new request while a case is past its check would issue a second act and
  // register the service twice, so it is refused and recorded on that case.
  const open = request.testCatalogueId
    ? (await ctx.store.findOpenCases('P2', 'testCatalogueId', request.testCatalogueId)).filter(
        (c) => c.institutionRegNo === request.institutionRegNo,
      )
    : [];
  const waiting = open.find((c) => c.state === 'awaiting-correction');
  const busy = open.find((c) => c.state !== 'awaiting-correction');
  if (!waiting && busy)
    return refuseSubmission(
      ctx,
      submission,
      'P2',
      [document],
      [
        `the web service ${request.testCatalogueId} is already being published in case ${busy.number}; a new request can follow when that case is finished`,
      ],
      busy,
    );

  const problems = formProblems(document);
  if (document.signature?.broken)
    problems.push(
      `${document.filename}: the signature on the request is broken (${document.signature.reasons.join('; ')})`,
    );
  if (data) {
    problems.push(
      ...checkAgainstCatalogue(
        request,
        await ctx.store.catalogueEntry('test', request.testCatalogueId),
      ),
    );
    const descriptions = submission.documents.filter((d) => d.description);
    const good = descriptions.filter((d) => d.description?.problem === null);
    if (descriptions.length === 0)
      problems.push('the operation description (WSDL, OpenAPI or PDF) is not attached');
    else if (good.length === 0)
      problems.push(...descriptions.map((d) => d.description?.problem ?? ''));
  }
  let audit = null;
  if (data && problems.length === 0 && flag(data, 'usedInViss')) {
    audit = analyseAuditRecords(
      await ctx.auditRecords.recordsOf(request.testCatalogueId),
      ctx.settings.audit,
    );
    problems.push(...audit.problems);
  }

  const contact = nestedText(data, 'contact', 'email') ?? answerAddress(submission);
  const caseData = {
    testCatalogueId: request.testCatalogueId,
    webServiceName: request.webServiceName,
    webServiceVersion: request.webServiceVersion,
    usedInViss: flag(data, 'usedInViss'),
    vissUse: text(data, 'vissUse'),
    deployToProduction: flag(data, 'deployToProduction'),
    contactName: nestedText(data, 'contact', 'name'),
    contactEmail: contact,
    requestDocumentId: document.id,
    requestSigned: document.signature?.signed ?? false,
    audit: audit?.summary ?? null,
  };
  const event = {
    kind: problems.length ? 'nonconformity-found' : 'request-checked',
    actor: SYSTEM,
    messageId: submission.messageId,
    detail: { problems, audit: audit?.summary ?? null },
  };
  const to = problems.length
    ? 'awaiting-correction'
    : caseData.usedInViss
      ? 'awaiting-signed-act'
      : 'checked';
  const kase = waiting
    ? await ctx.store.transition(waiting, to, event, {
        data: { ...waiting.data, ...caseData },
        language: language(data),
      })
    : await ctx.store.openCase(
        {
          procedure: 'P2',
          state: to,
          number: await nextCaseNumber(ctx.store, 'P2', ctx.now),
          institutionRegNo: request.institutionRegNo || null,
          institutionName: text(data, 'institutionName'),
          title: request.webServiceName || submission.subject,
          language: language(data),
          replyTo: answerAddress(submission),
          data: caseData,
        },
        event,
      );
  await ctx.store.linkMessage(kase.id, submission.messageId);

  if (problems.length) {
    await queueAnswer(ctx, kase, {
      kind: 'nonconformity',
      dedupeKey: `nonconformity:${submission.messageId}`,
      recipient: contact,
      language: kase.language,
      triggerMessageId: submission.messageId,
      data: {
        caseNumber: kase.number,
        contactName: caseData.contactName,
        webService: request.webServiceName,
        problems,
      },
    });
    return kase;
  }
  // Used inside VISS: the act is generated and sealed after this step commits (it needs the
  // agency's key and a time-stamp, not a database transaction); see `actsToIssue`.
  if (caseData.usedInViss) return kase;
  return registerInProduction(ctx, kase, submission.messageId);
}
