import { actContent, actCounter, actNumber, queueAnswer, SYSTEM } from '../src/cases/index.js';
import { AppError } from '../src/errors/index.js';
import { makeAcceptanceAct } from '../src/forms/index.js';
import type { StageContext } from '../src/queue/pipeline-workers.js';
import { sqlCaseStore } from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { messageIdDomain, procedureContext } from './procedure-context.js';

/**
 * P2 step 3: for a case waiting for its signed act and not yet holding one, the act is generated
 * with the audit-record summary, sealed by the agency (signature field `agencySignature`, the
 * institution's stays empty for it to sign), stored, recorded and queued for sending, once.
 */
export async function issueAcceptanceAct(
  deps: StageDeps,
  caseId: string,
  { logger }: Pick<StageContext, 'logger'>,
): Promise<void> {
  const options = { messageIdDomain: messageIdDomain(deps.config) };
  const kase = await sqlCaseStore(deps.db, options).loadCase(caseId);
  if (kase?.procedure !== 'P2' || kase.state !== 'awaiting-signed-act') return;
  if (await sqlCaseStore(deps.db, options).actOfCase(caseId)) return;
  if (!deps.seal)
    throw new AppError(
      'PIPELINE_MISCONFIGURED',
      'signing is not configured: the acceptance act cannot be sealed',
    );
  const now = new Date();
  // A number drawn here and lost to a crash before the act is recorded is skipped, never reused.
  const number = actNumber(
    now,
    await sqlCaseStore(deps.db, options).nextInCounter(actCounter(now)),
  );
  const content = actContent(kase, deps.config.agency.name, number, now);
  const sealed = await deps.seal(await makeAcceptanceAct(content), 'agencySignature');
  const blob = await deps.blobs.put(sealed);
  await deps.db.transaction(async (tx) => {
    const ctx = procedureContext(deps.config, tx, now);
    const store = ctx.store;
    const current = await store.loadCase(caseId);
    // Checked again under the lock: the case may have moved while the act was being sealed.
    if (current?.state !== 'awaiting-signed-act') return;
    if (!(await store.recordAct({ caseId, number, sha256: blob.sha256, size: blob.size }))) return;
    const noted = await store.note(
      current,
      {
        kind: 'acceptance-act-issued',
        actor: SYSTEM,
        detail: { act: number, sha256: blob.sha256 },
      },
      { data: { ...current.data, actNumber: number, actValues: { ...content } } },
    );
    // Through the use case: with nobody to write to, the case says so instead of the outbox
    // holding an answer addressed to ''.
    await queueAnswer(ctx, noted, {
      kind: 'acceptance-act',
      dedupeKey: `acceptance-act:${caseId}`,
      recipient: text(noted.data['contactEmail']) ?? noted.replyTo,
      language: noted.language,
      data: { caseNumber: noted.number, actNumber: number, webService: content.webServiceName },
      attachments: [{ kind: 'document', sha256: blob.sha256, filename: `${number}.pdf` }],
    });
  });
  logger.info({ case: kase.number, act: number }, 'acceptance act issued');
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
