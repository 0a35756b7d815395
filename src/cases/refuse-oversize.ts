import { SYSTEM, type CaseRecord } from './case-types.js';
import { nextCaseNumber } from './case-number.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';

export interface OversizeMail {
  messageId: string;
  from: string | null;
  subject: string | null;
  size: number;
  limit: number;
}

/**
 * Mail over the size limit is kept but not read. The sender is told once (one refusal per
 * mail, under the per-recipient daily cap like every answer), on a closed support case that
 * staff can find and reopen.
 */
export async function refuseOversize(
  ctx: ProcedureContext,
  mail: OversizeMail,
): Promise<CaseRecord> {
  const done = await ctx.store.caseOfMessage(mail.messageId);
  if (done) return done;
  const megabytes = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  const reason = `the mail is ${megabytes(mail.size)}; mail larger than ${megabytes(mail.limit)} is not processed — please send the documents in smaller parts`;
  const kase = await ctx.store.openCase(
    {
      procedure: 'support',
      state: 'closed',
      number: await nextCaseNumber(ctx.store, 'ATB', ctx.now),
      title: mail.subject,
      language: 'lv',
      replyTo: mail.from,
      data: { oversize: { size: mail.size, limit: mail.limit } },
    },
    { kind: 'oversize-mail-refused', actor: SYSTEM, messageId: mail.messageId, detail: { reason } },
  );
  await ctx.store.linkMessage(kase.id, mail.messageId);
  await queueAnswer(ctx, kase, {
    kind: 'refusal',
    dedupeKey: `oversize:${mail.messageId}`,
    recipient: mail.from,
    language: 'lv',
    triggerMessageId: mail.messageId,
    data: { caseNumber: kase.number, reasons: [reason], files: [] },
  });
  return kase;
}
