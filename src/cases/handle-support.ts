import { SYSTEM, type CaseRecord } from './case-types.js';
import { CASE_NUMBER_IN_TEXT, nextCaseNumber } from './case-number.js';
import type { ProcedureContext } from './ports.js';
import { queueAnswer } from './queue-answer.js';
import { answerAddress, type Submission } from './submission.js';

/**
 * Consultative support. Mail that carries no form joins the case it replies to (by In-Reply-To or
 * References, or a case number in the subject); otherwise it opens a support ticket with a number
 * and the sender is told the number. Follow-ups are recorded on the ticket without a new
 * acknowledgement, so two auto-responders can never keep each other busy.
 *
 * A thread header or a case number only says which case the sender means, not that the sender
 * belongs to it: both are easy to come by (case numbers are sequential, Message-IDs travel with
 * every copy of a mail). So mail joins a case only when it comes from one of the case's
 * correspondents; anyone else gets a ticket of their own, which names the case they referred to
 * for staff, and the other institution's case is left untouched.
 */
export async function handleSupport(
  ctx: ProcedureContext,
  submission: Submission,
): Promise<CaseRecord> {
  const thread = [submission.inReplyTo, ...submission.references].filter(
    (id): id is string => !!id,
  );
  const quoted = CASE_NUMBER_IN_TEXT.exec(submission.subject ?? '')?.[0];
  const candidates = await ctx.store.casesOfThread(thread);
  const byNumber = quoted ? await ctx.store.caseByNumber(quoted) : undefined;
  if (byNumber && !candidates.some((c) => c.id === byNumber.id)) candidates.push(byNumber);
  const senders = [submission.from, submission.replyTo]
    .filter((a): a is string => !!a)
    .map((a) => a.trim().toLowerCase());
  let existing: CaseRecord | undefined;
  for (const candidate of candidates) {
    const correspondents = await ctx.store.caseCorrespondents(candidate.id);
    if (senders.some((s) => correspondents.includes(s))) {
      existing = candidate;
      break;
    }
  }
  if (existing) {
    await ctx.store.linkMessage(existing.id, submission.messageId);
    const event = {
      kind: 'correspondence-received',
      actor: SYSTEM,
      messageId: submission.messageId,
      detail: { subject: submission.subject, attachments: submission.documents.length },
    };
    return existing.procedure === 'support' && existing.state === 'closed'
      ? ctx.store.transition(existing, 'open', event)
      : ctx.store.note(existing, event);
  }
  const referred = candidates.map((c) => c.number);
  const ticket = await ctx.store.openCase(
    {
      procedure: 'support',
      state: 'open',
      number: await nextCaseNumber(ctx.store, 'ATB', ctx.now),
      title: submission.subject,
      language: 'lv',
      replyTo: answerAddress(submission),
      data: {
        mailbox: submission.mailbox,
        ...(referred.length ? { referredToCases: referred } : {}),
      },
    },
    {
      kind: 'ticket-opened',
      actor: SYSTEM,
      messageId: submission.messageId,
      ...(referred.length
        ? {
            detail: {
              referredToCases: referred,
              reason: 'the sender is not a correspondent of the case the mail refers to',
            },
          }
        : {}),
    },
  );
  await ctx.store.linkMessage(ticket.id, submission.messageId);
  await queueAnswer(ctx, ticket, {
    kind: 'ticket-acknowledgement',
    dedupeKey: `ticket-acknowledgement:${ticket.id}`,
    recipient: ticket.replyTo,
    language: ticket.language,
    triggerMessageId: submission.messageId,
    data: {
      caseNumber: ticket.number,
      subject: submission.subject,
      // Attachments that arrived empty or damaged: the sender can send them again at once.
      problems: submission.documents
        .filter((d) => d.note)
        .map((d) => `${d.filename}: ${d.note ?? ''}`),
    },
  });
  return ticket;
}
