import type { AcceptanceActData } from '../forms/index.js';
import { FORM_TYPE_FIELD, FORM_VERSION_FIELD } from '../forms/form-types.js';
import { agencyDate, agencyYear } from './agency-calendar.js';
import { SYSTEM, type CaseRecord } from './case-types.js';
import type { AuditSummary } from './analyse-audit-records.js';
import { registerInProduction } from './register-in-production.js';
import type { ProcedureContext } from './ports.js';
import { refuseSubmission } from './refuse-submission.js';
import { formsOf, type Submission } from './submission.js';

/** What the agency writes into an acceptance test act (P2 step 3): the act form's own fields. */
export type ActContent = AcceptanceActData;

export const ACT_NUMBER_WIDTH = 5;

export function actCounter(now: Date): string {
  return `acceptance-act:${agencyYear(now)}`;
}

export function actNumber(now: Date, sequence: number): string {
  return `AA-${agencyYear(now)}-${String(sequence).padStart(ACT_NUMBER_WIDTH, '0')}`;
}

/** The act's content from the case, with the audit-record summary in plain words. */
export function actContent(
  kase: CaseRecord,
  agencyName: string,
  number: string,
  now: Date,
): ActContent {
  const d = kase.data;
  const audit = d['audit'] as AuditSummary | null | undefined;
  const auditSummary = audit
    ? [
        `Periods: ${audit.from?.slice(0, 10) ?? '-'} – ${audit.to?.slice(0, 10) ?? '-'} (${audit.periodDays.toFixed(1)} d)`,
        `Izsaukumi: ${audit.calls}; kļūdas: ${audit.errors} (${(audit.errorRate * 100).toFixed(1)}%)`,
        `Patērētāji: ${audit.consumers}`,
      ].join('\n')
    : 'Auditpieraksti netika analizēti';
  return {
    actNumber: number,
    caseNumber: kase.number,
    institutionName: kase.institutionName ?? '',
    institutionRegNo: kase.institutionRegNo ?? '',
    webServiceName: String(d['webServiceName'] ?? ''),
    testCatalogueId: String(d['testCatalogueId'] ?? ''),
    webServiceVersion: String(d['webServiceVersion'] ?? ''),
    catalogueEntry: `VISS testa vides IS katalogs: ${String(d['testCatalogueId'] ?? '')}`,
    auditSummary,
    agencyName,
    date: agencyDate(now),
  };
}

/**
 * P2 step 3, the act coming back. It is accepted only when the agency's sealed act is intact
 * (its exact bytes are the first signed revision), the institution signed after it with a
 * signature the intake policy accepts, and no field says anything other than what the agency
 * wrote. Then the service goes on to production; otherwise the institution is told why and the
 * case keeps waiting for a correctly signed act.
 */
export async function acceptSignedAct(
  ctx: ProcedureContext,
  submission: Submission,
): Promise<CaseRecord> {
  const document = formsOf(submission, 'acceptance-act')[0];
  if (!document?.form) throw new Error('acceptSignedAct needs an acceptance-act form');
  const numberValue = document.form.values['actNumber'];
  const number = typeof numberValue === 'string' ? numberValue : '';
  const act = number ? await ctx.store.actByNumber(number) : undefined;
  const kase = act ? await ctx.store.loadCase(act.caseId) : undefined;
  if (!act || !kase)
    return refuseSubmission(
      ctx,
      submission,
      'P2',
      [document],
      [`the acceptance act ${number || '(no number)'} was not issued by the agency`],
    );
  if (kase.state !== 'awaiting-signed-act') {
    await ctx.store.linkMessage(kase.id, submission.messageId);
    return ctx.store.note(kase, {
      kind: 'acceptance-act-received-again',
      actor: SYSTEM,
      messageId: submission.messageId,
      detail: { state: kase.state },
    });
  }

  const issued = kase.data['actValues'] as Record<string, string> | undefined;
  // Without what the agency wrote there is nothing to compare with: our fault, not the act's.
  if (!issued || Object.keys(issued).length === 0)
    throw new Error(
      `case ${kase.number} holds act ${act.number} but not the values it was issued with`,
    );

  const problems: string[] = [];
  const verdict = document.signature;
  const revisions = document.signedRevisions;
  // The sealed act must be the first signed revision, not merely one of them, and something
  // signed must follow it: the institution's signature covers the act and its own revision.
  if (revisions[0] !== act.sha256)
    problems.push(
      "the agency's sealed act is not intact: the document was changed before the institution signed it",
    );
  if (!verdict?.accepted)
    problems.push(...(verdict?.reasons ?? ['the signatures could not be checked']));
  const signers = verdict?.signerCertificates ?? [];
  const institutionSigned = signers.slice(1).some((s) => s !== signers[0]);
  if (revisions.length < 2 || !institutionSigned)
    problems.push("the act carries no signature of the institution after the agency's seal");
  if (document.form.changedAfterSigning.length)
    problems.push(`fields changed after signing: ${document.form.changedAfterSigning.join(', ')}`);
  const values = document.form.values;
  const altered = Object.keys(issued).filter((k) => values[k] !== issued[k]);
  if (altered.length)
    problems.push(`fields differ from the act the agency issued: ${altered.join(', ')}`);
  const added = Object.keys(values).filter(
    (k) => !Object.hasOwn(issued, k) && k !== FORM_TYPE_FIELD && k !== FORM_VERSION_FIELD,
  );
  if (added.length)
    problems.push(`fields the agency did not write were added: ${added.join(', ')}`);
  if (problems.length) return refuseSubmission(ctx, submission, 'P2', [document], problems, kase);

  await ctx.store.markActSigned(kase.id, document.id);
  await ctx.store.linkMessage(kase.id, submission.messageId);
  const signed = await ctx.store.note(kase, {
    kind: 'acceptance-act-signed',
    actor: SYSTEM,
    messageId: submission.messageId,
    detail: { act: act.number, document: document.id },
  });
  return registerInProduction(ctx, signed, submission.messageId);
}
