import { AGENCY_TIME_ZONE, SYSTEM } from '../src/cases/index.js';
import { AppError, isAppError } from '../src/errors/index.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import {
  answersSentTo,
  loadOutboxEntry,
  markCopiedToSent,
  moveOutbox,
  sqlCaseStore,
  threadOf,
  type OutboxEntry,
} from '../src/store/index.js';
import { composeAnswer } from './compose-answer.js';
import type { StageDeps } from './deps.js';
import { messageIdDomain } from './procedure-context.js';

/**
 * Sends one answer exactly once. The letter and its MIME message are made once and stored;
 * `sending` is recorded before the SMTP transaction. A job that finds `sending` belongs to a
 * worker that died inside the transaction: whether the server took the mail is unknowable, so the
 * answer becomes `unconfirmed` for staff instead of going out a second time. A temporary SMTP
 * refusal puts it back to `pending` and retries with backoff; a permanent one marks it `failed`.
 * After sending, a copy goes to the mailbox's Sent folder.
 */
export function respondHandler(deps: StageDeps): StageHandler {
  return async (payload, { logger }) => {
    const id = String(payload.outboxId);
    const entry = await loadOutboxEntry(deps.db, id);
    if (!entry) throw new AppError('RECORD_NOT_FOUND', `answer ${id} is not recorded`);
    const log = logger.child({ answer: id, case: entry.caseNumber, kind: entry.kind });

    if (entry.status === 'sending') {
      await moveOutbox(
        deps.db,
        id,
        ['sending'],
        'unconfirmed',
        'the worker stopped during the SMTP transaction; check the relay log before sending again',
      );
      await caseEvent(deps, entry, 'answer-unconfirmed', {});
      log.warn('answer left unconfirmed after an interrupted send');
      return;
    }
    if (entry.status === 'sent') {
      if (!entry.copiedToSent && entry.mimeSha256) await copy(deps, entry, entry.mimeSha256);
      return;
    }
    if (entry.status !== 'pending') return;

    const now = new Date();
    const sent = await answersSentTo(deps.db, entry.recipient, startOfDay(now));
    if (sent >= deps.config.respond.dailyCapPerRecipient) {
      const reason = `${sent} automatic answers already went to ${entry.recipient} today (cap ${deps.config.respond.dailyCapPerRecipient})`;
      if (await moveOutbox(deps.db, id, ['pending'], 'held', reason))
        await caseEvent(deps, entry, 'answer-held', { reason });
      log.warn({ sentToday: sent }, 'answer held by the daily cap');
      return;
    }

    const mimeSha256 = await composeAnswer(deps, entry, now);
    const raw = await deps.blobs.get(mimeSha256);
    if (!(await moveOutbox(deps.db, id, ['pending'], 'sending'))) return;
    try {
      await deps.smtp.send({ from: deps.config.smtp.from, to: entry.recipient }, raw);
    } catch (error) {
      if (isAppError(error, 'SMTP_REJECTED')) {
        await moveOutbox(deps.db, id, ['sending'], 'failed', error.message);
        await caseEvent(deps, entry, 'answer-rejected', { reason: error.message });
      } else if (isAppError(error, 'SMTP_OUTCOME_UNKNOWN')) {
        await moveOutbox(deps.db, id, ['sending'], 'unconfirmed', error.message);
        await caseEvent(deps, entry, 'answer-unconfirmed', { reason: error.message });
      } else {
        const reason = error instanceof Error ? error.message : String(error);
        await moveOutbox(deps.db, id, ['sending'], 'pending', reason);
      }
      throw error;
    }
    await moveOutbox(deps.db, id, ['sending'], 'sent');
    await caseEvent(deps, entry, 'answer-sent', { messageId: entry.outgoingMessageId });
    log.info('answer sent');
    await copy(deps, entry, mimeSha256);
  };
}

async function copy(deps: StageDeps, entry: OutboxEntry, mimeSha256: string): Promise<void> {
  const thread = entry.triggerMessageId
    ? await threadOf(deps.db, entry.triggerMessageId)
    : undefined;
  await deps.copyToSent(
    thread?.mailbox ?? null,
    entry.outgoingMessageId,
    await deps.blobs.get(mimeSha256),
  );
  await markCopiedToSent(deps.db, entry.id);
}

async function caseEvent(
  deps: StageDeps,
  entry: OutboxEntry,
  kind: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const store = sqlCaseStore(tx, { messageIdDomain: messageIdDomain(deps.config) });
    const kase = await store.loadCase(entry.caseId);
    if (kase)
      await store.note(kase, { kind, actor: SYSTEM, detail: { answer: entry.kind, ...detail } });
  });
}

/** Midnight of `now`'s calendar day in the agency's time zone (the cap's day), as an instant. */
export function startOfDay(now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: AGENCY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnightMs = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000;
  return new Date(Math.floor(now.getTime() / 1000) * 1000 - sinceMidnightMs);
}
