import { SYSTEM, type CaseRecord } from './case-types.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';

/**
 * P2 step 4: the web service goes into the production IS catalogue. When it is to be deployed in
 * production, staff get an installation task and the institution hears when it is done;
 * otherwise the case ends here with the registration.
 */
export async function registerInProduction(
  ctx: ProcedureContext,
  kase: CaseRecord,
  messageId: string | undefined,
): Promise<CaseRecord> {
  const d = kase.data;
  const identifier = String(d['testCatalogueId'] ?? '');
  await ctx.store.registerInCatalogue(
    'production',
    {
      identifier,
      name: String(d['webServiceName'] ?? ''),
      version: String(d['webServiceVersion'] ?? ''),
      institutionRegNo: kase.institutionRegNo,
      details: { vissUse: d['vissUse'] ?? null, usedInViss: d['usedInViss'] ?? false },
    },
    kase.id,
  );
  const deploy = d['deployToProduction'] === true;
  if (deploy) await ctx.store.openInstallationTask(kase.id);
  const next = await ctx.store.transition(
    kase,
    deploy ? 'awaiting-installation' : 'in-production',
    {
      kind: 'registered-in-production-catalogue',
      actor: SYSTEM,
      messageId,
      detail: { identifier, installationTask: deploy },
    },
  );
  await queueAnswer(ctx, next, {
    kind: 'production-registered',
    dedupeKey: `production-registered:${kase.id}`,
    recipient: (d['contactEmail'] as string | null | undefined) ?? kase.replyTo,
    language: next.language,
    triggerMessageId: messageId,
    data: {
      caseNumber: next.number,
      webService: d['webServiceName'] ?? null,
      identifier,
      installationPending: deploy,
    },
  });
  return next;
}
