import type { Queryable } from './database.js';

/** At most this many messages are purged per batch (one transaction each). */
export const PURGE_BATCH = 200;

export interface PurgeCandidate {
  messageId: string;
  rawSha256: string;
  documents: Array<{ id: string; sha256: string }>;
}

/**
 * Messages received before `before` whose processing is over: in a final state, and either in
 * no case or in a closed case with no answer still waiting to be sent. Oldest first.
 */
export async function purgeCandidates(
  db: Queryable,
  before: Date,
  limit = PURGE_BATCH,
): Promise<PurgeCandidate[]> {
  const rows = await db.query<{ id: string; raw_sha256: string; documents: unknown }>(
    `SELECT m.id::text AS id, m.raw_sha256,
            COALESCE((SELECT json_agg(json_build_object('id', d.id::text, 'sha256', d.sha256))
                        FROM documents d WHERE d.message_id = m.id AND d.purged_at IS NULL), '[]') AS documents
       FROM messages m
       LEFT JOIN case_messages cm ON cm.message_id = m.id
       LEFT JOIN cases c ON c.id = cm.case_id
      WHERE m.received_at < $1 AND m.purged_at IS NULL
        AND m.status IN ('processed', 'ignored', 'duplicate', 'oversize', 'failed')
        AND (c.id IS NULL OR (c.closed_at IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM outbox o WHERE o.case_id = c.id
                AND o.status IN ('pending', 'sending', 'held', 'unconfirmed'))))
      ORDER BY m.received_at, m.id
      LIMIT $2`,
    [before, limit],
  );
  return rows.rows.map((r) => ({
    messageId: r.id,
    rawSha256: r.raw_sha256,
    documents: (typeof r.documents === 'string'
      ? JSON.parse(r.documents)
      : r.documents) as PurgeCandidate['documents'],
  }));
}

/** Marks messages and their documents purged and clears the form values read from them. */
export async function markPurged(db: Queryable, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const ids = messageIds.map(Number);
  await db.query('UPDATE messages SET purged_at = now() WHERE id = ANY($1::bigint[])', [ids]);
  await db.query(
    'UPDATE documents SET purged_at = now() WHERE message_id = ANY($1::bigint[]) AND purged_at IS NULL',
    [ids],
  );
  await db.query(
    `UPDATE form_readings SET field_values = NULL, data = NULL, description = NULL
      WHERE message_id = ANY($1::bigint[])`,
    [ids],
  );
}

/**
 * Whether anything kept still needs a blob: blobs are content-addressed, so the same bytes may be
 * a newer message's raw mail or document, an acceptance act, or a letter the agency sent.
 */
export async function blobStillNeeded(db: Queryable, sha256: string): Promise<boolean> {
  const rows = await db.query<{ needed: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM messages WHERE raw_sha256 = $1 AND purged_at IS NULL)
         OR EXISTS (SELECT 1 FROM documents WHERE sha256 = $1 AND purged_at IS NULL)
         OR EXISTS (SELECT 1 FROM acceptance_acts WHERE sha256 = $1)
         OR EXISTS (SELECT 1 FROM outbox WHERE letter_sha256 = $1 OR mime_sha256 = $1) AS needed`,
    [sha256],
  );
  return rows.rows[0]?.needed === true;
}
