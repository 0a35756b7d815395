import type { Answer, CaseRecord } from './case-types.js';
import type { ProcedureContext } from './ports.js';

/**
 * Queues an answer in the outbox, or, when there is nobody to write to (no usable From or
 * Reply-To), records on the case that the answer could not be addressed so staff can see it.
 */
export async function queueAnswer(
  ctx: ProcedureContext,
  kase: CaseRecord,
  answer: Omit<Answer, 'recipient'> & { recipient: string | null },
): Promise<void> {
  if (!answer.recipient) {
    await ctx.store.note(kase, {
      kind: 'answer-not-addressed',
      actor: 'system',
      messageId: answer.triggerMessageId,
      detail: { answer: answer.kind, reason: 'the mail has no address to answer' },
    });
    return;
  }
  await ctx.store.queueAnswer(kase.id, { ...answer, recipient: answer.recipient });
}
