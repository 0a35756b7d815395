import { CLOSED_STATES, SYSTEM, type CaseRecord } from './case-types.js';
import { text } from './form-fields.js';
import type { AccessGrant, ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';
import { refuseSubmission } from './refuse-submission.js';
import { signedFormProblems } from './signature-requirement.js';
import { formsOf, type Submission, type SubmittedDocument } from './submission.js';

/** The two forms of P1 step 4, as they are kept on the case while the other one is awaited. */
export const ACCESS_FORMS = ['access-rights', 'api-manager'] as const;
type AccessForm = (typeof ACCESS_FORMS)[number];

interface PendingForm {
  documentId: string;
  messageId: string;
  data: Record<string, unknown>;
}
type Pending = Partial<Record<AccessForm, PendingForm>>;

interface Person {
  name: string;
  surname: string;
  email: string;
  organisation: string;
  role: 'developer' | 'tester';
  validUntil: string;
}

/**
 * P1 steps 4 → 5. The access-rights form and the API Manager form may come in one mail or in two,
 * in either order; they are matched by e-service identifier and institution. The first waits on
 * the case (which shows what is missing); when both are in, the rights are granted, the API
 * publication recorded, and the institution told both. Forms naming an unknown identifier, or one
 * registered to another institution, are refused.
 */
export async function requestAccess(
  ctx: ProcedureContext,
  submission: Submission,
): Promise<CaseRecord> {
  const documents = formsOf(submission, ...ACCESS_FORMS);
  const problems = documents.flatMap(signedFormProblems);
  const identifiers = new Set(documents.map((d) => identifierOf(d)));
  const regNos = new Set(documents.map((d) => regNoOf(d)));
  const identifier = [...identifiers][0] ?? null;
  if (identifiers.size > 1 || regNos.size > 1)
    problems.push('the forms in this mail name different e-services or institutions');

  const eservice = identifier ? await ctx.store.findEService(identifier) : undefined;
  const sameInstitution = eservice && regNos.has(eservice.institutionRegNo) && regNos.size === 1;
  if (!eservice)
    problems.push(`the e-service identifier ${identifier ?? '(none)'} is not registered`);
  else if (!sameInstitution)
    problems.push(
      `the e-service identifier ${identifier ?? ''} is not registered to the institution named in the form`,
    );
  const kase = eservice && sameInstitution ? await ctx.store.loadCase(eservice.caseId) : undefined;
  // The grant ends the case (P1 step 5); mail does not reopen it, staff do.
  if (kase && CLOSED_STATES.has(kase.state))
    problems.push(
      `access to the e-service ${identifier ?? ''} was already granted (case ${kase.number}); please ask for changes through consultative support`,
    );
  if (problems.length || !kase || !eservice)
    return refuseSubmission(ctx, submission, 'P1', documents, problems, kase);
  // Access to an e-service is asked for by the institution that registered it: the mail must
  // come from an address the case knows (the registering address, the registration's responsible
  // person or technical contact, or one the agency has answered). A stranger who names the right
  // identifier and registration number is refused on a case of their own, learning nothing.
  const correspondents = await ctx.store.caseCorrespondents(kase.id);
  const senders = [submission.from, submission.replyTo]
    .filter((a): a is string => !!a)
    .map((a) => a.trim().toLowerCase());
  if (!senders.some((s) => correspondents.includes(s)))
    return refuseSubmission(ctx, submission, 'P1', documents, [
      `access to the e-service ${identifier ?? ''} can only be requested from an address registered for it (the one that sent its registration form, or the responsible person or technical contact named there)`,
    ]);

  const pending: Pending = { ...((kase.data['pendingAccess'] as Pending | undefined) ?? {}) };
  for (const document of documents) {
    const type = document.form?.formType as AccessForm;
    pending[type] = {
      documentId: document.id,
      messageId: submission.messageId,
      data: document.form?.data ?? {},
    };
  }
  await ctx.store.linkMessage(kase.id, submission.messageId);
  const accessRights = pending['access-rights'];
  const apiManager = pending['api-manager'];
  if (!accessRights || !apiManager) {
    const missing = ACCESS_FORMS.filter((f) => !pending[f]);
    const waiting = await ctx.store.transition(
      kase,
      'awaiting-second-form',
      {
        kind: 'access-form-received',
        actor: SYSTEM,
        messageId: submission.messageId,
        detail: { received: documents.map((d) => d.form?.formType), missing },
      },
      {
        data: {
          ...kase.data,
          pendingAccess: pending,
          missing,
          waitingSince: ctx.now.toISOString(),
          remindedAt: null,
        },
      },
    );
    await queueAnswer(ctx, waiting, {
      kind: 'waiting-for-second-form',
      dedupeKey: `waiting:${submission.messageId}`,
      recipient: submission.replyTo ?? submission.from,
      language: waiting.language,
      triggerMessageId: submission.messageId,
      data: { caseNumber: waiting.number, identifier, missing },
    });
    return waiting;
  }

  const environment =
    text(accessRights.data, 'environment') === 'production' ? 'production' : 'test';
  const people = (accessRights.data['people'] as Person[] | undefined) ?? [];
  const grants: AccessGrant[] = people.map((p) => ({
    eserviceIdentifier: eservice.identifier,
    caseId: kase.id,
    messageId: accessRights.messageId,
    name: p.name,
    surname: p.surname,
    email: p.email,
    organisation: p.organisation,
    role: p.role,
    environment,
    validUntil: p.validUntil,
    provisionedBy: ctx.provisioning.name,
  }));
  await ctx.provisioning.provision(grants);
  const api = {
    eserviceIdentifier: eservice.identifier,
    caseId: kase.id,
    apiName: text(apiManager.data, 'apiName') ?? '',
    apiVersion: text(apiManager.data, 'apiVersion') ?? '',
    environment: text(apiManager.data, 'environment') ?? 'test',
    details: apiManager.data,
  };
  await ctx.store.recordApiPublication(api);
  const granted = await ctx.store.transition(
    kase,
    'access-granted',
    {
      kind: 'access-granted',
      actor: SYSTEM,
      messageId: submission.messageId,
      detail: {
        grants: grants.length,
        api: `${api.apiName} ${api.apiVersion}`,
        forms: [accessRights.documentId, apiManager.documentId],
      },
    },
    {
      data: {
        ...kase.data,
        pendingAccess: null,
        missing: [],
        grantedAt: ctx.now.toISOString(),
      },
    },
  );
  await queueAnswer(ctx, granted, {
    kind: 'access-granted',
    dedupeKey: `access-granted:${kase.id}:${accessRights.documentId}:${apiManager.documentId}`,
    recipient: submission.replyTo ?? submission.from ?? granted.replyTo,
    language: granted.language,
    triggerMessageId: submission.messageId,
    data: {
      caseNumber: granted.number,
      identifier: eservice.identifier,
      grants: grants.map((g) => ({
        name: `${g.name} ${g.surname}`,
        email: g.email,
        organisation: g.organisation,
        role: g.role,
        environment: g.environment,
        validUntil: g.validUntil,
      })),
      api: { name: api.apiName, version: api.apiVersion, environment: api.environment },
    },
  });
  return granted;
}

function identifierOf(document: SubmittedDocument): string | null {
  const value = document.form?.data?.['eserviceId'] ?? document.form?.values['eserviceId'];
  return typeof value === 'string' && value ? value.trim() : null;
}

function regNoOf(document: SubmittedDocument): string | null {
  const value =
    document.form?.data?.['institutionRegNo'] ?? document.form?.values['institutionRegNo'];
  return typeof value === 'string' && value ? value.trim() : null;
}
