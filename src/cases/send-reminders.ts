import { SYSTEM } from './case-types.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * P1 step 4: a case that has had one of the two access forms for longer than the configured time
 * gets one reminder naming the missing form. Returns how many were queued.
 */
export async function sendReminders(ctx: ProcedureContext): Promise<number> {
  const before = new Date(ctx.now.getTime() - ctx.settings.reminderAfterHours * HOUR_MS);
  const cases = await ctx.store.casesToRemind('awaiting-second-form', before);
  for (const kase of cases) {
    const waitingSince = String(kase.data['waitingSince'] ?? '');
    const reminded = await ctx.store.note(
      kase,
      { kind: 'reminder-sent', actor: SYSTEM, detail: { missing: kase.data['missing'] ?? [] } },
      { data: { ...kase.data, remindedAt: ctx.now.toISOString() } },
    );
    await queueAnswer(ctx, reminded, {
      kind: 'reminder',
      dedupeKey: `reminder:${kase.id}:${waitingSince}`,
      recipient: kase.replyTo,
      language: kase.language,
      data: {
        caseNumber: kase.number,
        identifier: kase.data['eserviceId'] ?? null,
        missing: kase.data['missing'] ?? [],
      },
    });
  }
  return cases.length;
}
