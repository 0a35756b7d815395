import { AppError } from '../errors/index.js';
import type { Actor, CaseRecord } from './case-types.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';

/** P2 step 4, the manual part: staff mark the installation done and the institution is told. */
export async function completeInstallation(
  ctx: ProcedureContext,
  caseNumber: string,
  actor: Actor,
): Promise<CaseRecord> {
  const kase = await ctx.store.caseByNumber(caseNumber);
  if (!kase) throw new AppError('RECORD_NOT_FOUND', `no case ${caseNumber}`);
  if (
    kase.state !== 'awaiting-installation' ||
    !(await ctx.store.completeInstallationTask(kase.id, actor))
  )
    throw new AppError(
      'CASE_STATE_CONFLICT',
      `case ${caseNumber} is ${kase.state}, not awaiting installation`,
    );
  const done = await ctx.store.transition(kase, 'in-production', {
    kind: 'installation-done',
    actor,
  });
  await queueAnswer(ctx, done, {
    kind: 'installation-done',
    dedupeKey: `installation-done:${kase.id}`,
    recipient: (kase.data['contactEmail'] as string | null | undefined) ?? kase.replyTo,
    language: done.language,
    data: { caseNumber: done.number, webService: kase.data['webServiceName'] ?? null },
  });
  return done;
}
