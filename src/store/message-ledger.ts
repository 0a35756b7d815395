import type { Queryable, Database } from './database.js';

export type MessageStatus =
  | 'stored'
  | 'queued'
  | 'processing'
  | 'processed'
  | 'ignored'
  | 'oversize'
  | 'duplicate'
  | 'failed';

export interface MailboxPosition {
  uidvalidity: number | null;
  lastSeenUid: number;
  /** The server's UIDVALIDITY differs from the recorded one: rescan from the start. */
  reset: boolean;
}

/**
 * Where the poller stands in a mailbox. A new UIDVALIDITY means every UID changed meaning: the
 * position goes back to 0 so everything is listed again, and the second keys recognise what was
 * already taken in.
 */
export async function syncMailboxPosition(
  db: Database,
  mailbox: string,
  uidvalidity: number,
): Promise<MailboxPosition> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO mailboxes (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [
      mailbox,
    ]);
    const row = (
      await tx.query<{ uidvalidity: string | null; last_seen_uid: string }>(
        'SELECT uidvalidity, last_seen_uid FROM mailboxes WHERE name = $1 FOR UPDATE',
        [mailbox],
      )
    ).rows[0];
    const recorded =
      row?.uidvalidity === null || row?.uidvalidity === undefined ? null : Number(row.uidvalidity);
    if (recorded === uidvalidity)
      return { uidvalidity, lastSeenUid: Number(row?.last_seen_uid ?? 0), reset: false };
    await tx.query(
      'UPDATE mailboxes SET uidvalidity = $2, last_seen_uid = 0, updated_at = now() WHERE name = $1',
      [mailbox, uidvalidity],
    );
    return { uidvalidity, lastSeenUid: 0, reset: recorded !== null };
  });
}

export async function advanceMailboxPosition(
  db: Queryable,
  mailbox: string,
  uid: number,
): Promise<void> {
  await db.query(
    'UPDATE mailboxes SET last_seen_uid = GREATEST(last_seen_uid, $2), updated_at = now() WHERE name = $1',
    [mailbox, uid],
  );
}

export interface IncomingMessage {
  mailbox: string;
  uidvalidity: number;
  uid: number;
  messageId?: string | undefined;
  rawSha256: string;
  contentSha256: string;
  size: number;
  from?: string | undefined;
  subject?: string | undefined;
}

export type RecordOutcome =
  | { outcome: 'new'; id: string }
  /** This very (mailbox, UIDVALIDITY, UID) was recorded before: a retry after a crash. */
  | { outcome: 'already-recorded'; id: string; status: MessageStatus }
  /** The same mail (Message-ID and body) was taken in before under another UID: recorded, not processed again. */
  | { outcome: 'duplicate'; id: string; duplicateOf: string };

/** The Message-ID lock key space; any constant distinct from the migration lock. */
const MESSAGE_LOCK_NAMESPACE = 4_712;

/**
 * Records a message before anything acts on it. Idempotent on the IMAP key; recognises the same
 * mail under a new UID by its second keys. Two pollers racing on one Message-ID are serialised by
 * an advisory lock, so exactly one of them gets 'new'.
 */
export async function recordIncomingMessage(
  db: Database,
  message: IncomingMessage,
): Promise<RecordOutcome> {
  return db.transaction(async (tx) => {
    const same = await tx.query<{ id: string; status: MessageStatus }>(
      'SELECT id::text AS id, status FROM messages WHERE mailbox = $1 AND uidvalidity = $2 AND uid = $3',
      [message.mailbox, message.uidvalidity, message.uid],
    );
    const existing = same.rows[0];
    if (existing) return { outcome: 'already-recorded', id: existing.id, status: existing.status };
    // Second keys: Message-ID + body; mail without a Message-ID falls back to sender + body.
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      MESSAGE_LOCK_NAMESPACE,
      message.messageId ?? message.contentSha256,
    ]);
    const seen = message.messageId
      ? await tx.query<{ id: string }>(
          "SELECT id::text AS id FROM messages WHERE message_id = $1 AND content_sha256 = $2 AND status <> 'duplicate' ORDER BY id LIMIT 1",
          [message.messageId, message.contentSha256],
        )
      : await tx.query<{ id: string }>(
          "SELECT id::text AS id FROM messages WHERE message_id IS NULL AND content_sha256 = $1 AND from_address IS NOT DISTINCT FROM $2 AND status <> 'duplicate' ORDER BY id LIMIT 1",
          [message.contentSha256, message.from ?? null],
        );
    const duplicateOf = seen.rows[0]?.id;
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO messages (mailbox, uidvalidity, uid, message_id, raw_sha256, content_sha256, size, from_address, subject, status, status_reason, duplicate_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id::text AS id`,
      [
        message.mailbox,
        message.uidvalidity,
        message.uid,
        message.messageId ?? null,
        message.rawSha256,
        message.contentSha256,
        message.size,
        message.from ?? null,
        message.subject ?? null,
        duplicateOf ? 'duplicate' : 'stored',
        duplicateOf ? `the same mail was received before as message ${duplicateOf}` : null,
        duplicateOf ?? null,
      ],
    );
    const id = inserted.rows[0]?.id;
    if (!id) throw new Error('INSERT ... RETURNING gave no row');
    return duplicateOf ? { outcome: 'duplicate', id, duplicateOf } : { outcome: 'new', id };
  });
}

export async function setMessageStatus(
  db: Queryable,
  id: string,
  status: MessageStatus,
  reason?: string,
): Promise<void> {
  await db.query(
    'UPDATE messages SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1',
    [id, status, reason ?? null],
  );
}

/**
 * The procedure step is done. A note recorded while the mail was read (broken base64, an unknown
 * charset, parts dropped) stays: staff still need to see why a file or a text came out damaged.
 * A retried step (the message already `processed`) keeps it too. Any other earlier reason (a
 * failure since retried) no longer holds and is cleared.
 */
export async function markMessageProcessed(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE messages SET status = 'processed',
       status_reason = CASE WHEN status IN ('processing', 'processed') THEN status_reason END,
       updated_at = now()
     WHERE id = $1`,
    [id],
  );
}

export async function getMessage(
  db: Queryable,
  id: string,
): Promise<
  | { id: string; status: MessageStatus; statusReason: string | null; duplicateOf: string | null }
  | undefined
> {
  const row = (
    await db.query<{
      id: string;
      status: MessageStatus;
      status_reason: string | null;
      duplicate_of: string | null;
    }>(
      'SELECT id::text AS id, status, status_reason, duplicate_of::text AS duplicate_of FROM messages WHERE id = $1',
      [id],
    )
  ).rows[0];
  return row
    ? {
        id: row.id,
        status: row.status,
        statusReason: row.status_reason,
        duplicateOf: row.duplicate_of,
      }
    : undefined;
}

/** After the job is enqueued; a worker that already moved the message on is not overwritten. */
export async function markMessageQueued(db: Queryable, id: string): Promise<void> {
  await db.query(
    "UPDATE messages SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'stored'",
    [id],
  );
}
