import type { Queryable } from './database.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held' | 'unconfirmed';

export interface OutboxEntry {
  id: string;
  caseId: string;
  caseNumber: string;
  triggerMessageId: string | null;
  kind: string;
  language: 'lv' | 'en';
  recipient: string;
  data: Record<string, unknown>;
  attachments: Array<{ kind: string; documentId?: string; sha256?: string; filename?: string }>;
  outgoingMessageId: string;
  status: OutboxStatus;
  letterSha256: string | null;
  mimeSha256: string | null;
  copiedToSent: boolean;
  createdAt: Date;
}

const parse = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

export async function loadOutboxEntry(db: Queryable, id: string): Promise<OutboxEntry | undefined> {
  const row = (
    await db.query<{
      id: string;
      case_id: string;
      number: string;
      trigger_message_id: string | null;
      kind: string;
      language: 'lv' | 'en';
      recipient: string;
      data: unknown;
      attachments: unknown;
      outgoing_message_id: string;
      status: OutboxStatus;
      letter_sha256: string | null;
      mime_sha256: string | null;
      copied_to_sent: boolean;
      created_at: Date | string;
    }>(
      `SELECT o.id::text AS id, o.case_id::text AS case_id, c.number, o.trigger_message_id::text AS trigger_message_id,
              o.kind, o.language, o.recipient, o.data, o.attachments, o.outgoing_message_id, o.status,
              o.letter_sha256, o.mime_sha256, o.copied_to_sent, o.created_at
       FROM outbox o JOIN cases c ON c.id = o.case_id WHERE o.id = $1`,
      [id],
    )
  ).rows[0];
  return (
    row && {
      id: row.id,
      caseId: row.case_id,
      caseNumber: row.number,
      triggerMessageId: row.trigger_message_id,
      kind: row.kind,
      language: row.language,
      recipient: row.recipient,
      data: parse(row.data),
      attachments: parse(row.attachments),
      outgoingMessageId: row.outgoing_message_id,
      status: row.status,
      letterSha256: row.letter_sha256,
      mimeSha256: row.mime_sha256,
      copiedToSent: row.copied_to_sent,
      createdAt: new Date(row.created_at),
    }
  );
}

/** Pending answers of a case (to hand to the respond stage after a step commits). */
export async function pendingOutboxOfCase(db: Queryable, caseId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id::text AS id FROM outbox WHERE case_id = $1 AND status = 'pending' ORDER BY id",
    [caseId],
  );
  return rows.rows.map((r) => r.id);
}

/** Pending answers older than `before`: the sweep re-enqueues what a crash left behind. */
export async function stalePendingOutbox(
  db: Queryable,
  before: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id::text AS id FROM outbox WHERE status = 'pending' AND created_at < $1 ORDER BY id LIMIT $2",
    [before, limit],
  );
  return rows.rows.map((r) => r.id);
}

/** The letter and the MIME message, made once: a retry reuses them (first write wins). */
export async function recordComposedAnswer(
  db: Queryable,
  id: string,
  letterSha256: string,
  mimeSha256: string,
): Promise<{ letterSha256: string; mimeSha256: string }> {
  const row = (
    await db.query<{ letter_sha256: string; mime_sha256: string }>(
      `UPDATE outbox SET letter_sha256 = COALESCE(letter_sha256, $2), mime_sha256 = COALESCE(mime_sha256, $3)
       WHERE id = $1 RETURNING letter_sha256, mime_sha256`,
      [id, letterSha256, mimeSha256],
    )
  ).rows[0];
  if (!row) throw new Error(`outbox ${id} vanished`);
  return { letterSha256: row.letter_sha256, mimeSha256: row.mime_sha256 };
}

/**
 * Moves an answer from one status to the next only if it is still in `from`; false when another
 * worker (or an earlier attempt) already moved it.
 */
export async function moveOutbox(
  db: Queryable,
  id: string,
  from: readonly OutboxStatus[],
  to: OutboxStatus,
  reason?: string,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE outbox SET status = $3, status_reason = $4,
       sending_at = CASE WHEN $3 = 'sending' THEN now() ELSE sending_at END,
       sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END
     WHERE id = $1 AND status = ANY($2::text[])`,
    [id, [...from], to, reason ?? null],
  );
  return result.rowCount === 1;
}

export async function markCopiedToSent(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE outbox SET copied_to_sent = true WHERE id = $1', [id]);
}

/** Answers already sent (or being sent) to this address since `since`, for the daily cap. */
export async function answersSentTo(
  db: Queryable,
  recipient: string,
  since: Date,
): Promise<number> {
  const row = (
    await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM outbox
       WHERE lower(recipient) = lower($1) AND status IN ('sent', 'sending', 'unconfirmed')
         AND COALESCE(sent_at, sending_at) >= $2`,
      [recipient, since],
    )
  ).rows[0];
  return Number(row?.n ?? 0);
}

/** The incoming message an answer refers to: its mailbox and threading headers. */
export async function threadOf(
  db: Queryable,
  messageId: string,
): Promise<
  | {
      mailbox: string;
      messageIdHeader: string | null;
      references: string[];
      subject: string | null;
      receivedAt: Date;
    }
  | undefined
> {
  const row = (
    await db.query<{
      mailbox: string;
      message_id: string | null;
      thread_references: unknown;
      subject: string | null;
      received_at: Date | string;
    }>(
      'SELECT mailbox, message_id, thread_references, subject, received_at FROM messages WHERE id = $1',
      [messageId],
    )
  ).rows[0];
  return (
    row && {
      mailbox: row.mailbox,
      messageIdHeader: row.message_id,
      references: parse<string[]>(row.thread_references ?? []),
      subject: row.subject,
      receivedAt: new Date(row.received_at),
    }
  );
}

export interface OutboxListing {
  id: string;
  caseNumber: string;
  kind: string;
  recipient: string;
  status: OutboxStatus;
  reason: string | null;
  /** What staff look for in the relay's log when an answer is unconfirmed. */
  messageId: string;
}

/** Answers, optionally of one status, oldest first (for staff). */
export async function listOutbox(db: Queryable, status?: OutboxStatus): Promise<OutboxListing[]> {
  const rows = await db.query<{
    id: string;
    number: string;
    kind: string;
    recipient: string;
    status: OutboxStatus;
    status_reason: string | null;
    outgoing_message_id: string;
  }>(
    `SELECT o.id::text AS id, c.number, o.kind, o.recipient, o.status, o.status_reason,
            o.outgoing_message_id
     FROM outbox o JOIN cases c ON c.id = o.case_id
     WHERE $1::text IS NULL OR o.status = $1 ORDER BY o.id`,
    [status ?? null],
  );
  return rows.rows.map((r) => ({
    id: r.id,
    caseNumber: r.number,
    kind: r.kind,
    recipient: r.recipient,
    status: r.status,
    reason: r.status_reason,
    messageId: r.outgoing_message_id,
  }));
}

/** An answer's case and status, locked for the rest of the transaction (a staff decision). */
export async function lockOutboxEntry(
  db: Queryable,
  id: string,
): Promise<{ caseId: string; status: OutboxStatus } | undefined> {
  const row = (
    await db.query<{ case_id: string; status: OutboxStatus }>(
      'SELECT case_id::text AS case_id, status FROM outbox WHERE id = $1 FOR UPDATE',
      [id],
    )
  ).rows[0];
  return row && { caseId: row.case_id, status: row.status };
}
