import type { Queryable } from './database.js';
import type { MessageStatus } from './message-ledger.js';

export interface StoredMessage {
  id: string;
  mailbox: string;
  rawSha256: string;
  status: MessageStatus;
  from: string | null;
  subject: string | null;
  size: number;
}

export async function loadMessage(db: Queryable, id: string): Promise<StoredMessage | undefined> {
  const row = (
    await db.query<{
      id: string;
      mailbox: string;
      raw_sha256: string;
      status: MessageStatus;
      from_address: string | null;
      subject: string | null;
      size: string;
    }>(
      'SELECT id::text AS id, mailbox, raw_sha256, status, from_address, subject, size::text AS size FROM messages WHERE id = $1',
      [id],
    )
  ).rows[0];
  return row
    ? {
        id: row.id,
        mailbox: row.mailbox,
        rawSha256: row.raw_sha256,
        status: row.status,
        from: row.from_address,
        subject: row.subject,
        size: Number(row.size),
      }
    : undefined;
}

export interface NewDocument {
  partIndex: number;
  filename: string;
  contentType: string;
  sha256: string;
  size: number;
  kind: string;
  note?: string | undefined;
}

/** Records a message's attachments; repeating it (a retried job) returns the same ids. */
export async function recordDocuments(
  db: Queryable,
  messageId: string,
  documents: readonly NewDocument[],
): Promise<Array<{ id: string; kind: string }>> {
  const out: Array<{ id: string; kind: string }> = [];
  for (const d of documents) {
    await db.query(
      `INSERT INTO documents (message_id, part_index, filename, content_type, sha256, size, kind, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (message_id, part_index) DO NOTHING`,
      [messageId, d.partIndex, d.filename, d.contentType, d.sha256, d.size, d.kind, d.note ?? null],
    );
    const row = (
      await db.query<{ id: string; kind: string }>(
        'SELECT id::text AS id, kind FROM documents WHERE message_id = $1 AND part_index = $2',
        [messageId, d.partIndex],
      )
    ).rows[0];
    if (row) out.push(row);
  }
  return out;
}

export interface StoredDocument {
  id: string;
  messageId: string;
  filename: string;
  sha256: string;
}

export async function loadDocument(db: Queryable, id: string): Promise<StoredDocument | undefined> {
  const row = (
    await db.query<{ id: string; message_id: string; filename: string; sha256: string }>(
      'SELECT id::text AS id, message_id::text AS message_id, filename, sha256 FROM documents WHERE id = $1',
      [id],
    )
  ).rows[0];
  return row
    ? { id: row.id, messageId: row.message_id, filename: row.filename, sha256: row.sha256 }
    : undefined;
}

export interface ReportSummary {
  accepted: boolean;
  format: string;
  indication: string | null;
  subIndication: string | null;
  level: string | null;
  qualification: string | null;
  signer: string | null;
  signingTime: string | null;
}

/** Stores a document's verification report once; a retried job keeps the first stored result. */
export async function saveVerificationReport(
  db: Queryable,
  documentId: string,
  report: unknown,
  summary: ReportSummary,
): Promise<void> {
  await db.query(
    `INSERT INTO verification_reports (document_id, report, accepted, format, indication, sub_indication, level, qualification, signer, signing_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (document_id) DO NOTHING`,
    [
      documentId,
      JSON.stringify(report),
      summary.accepted,
      summary.format,
      summary.indication,
      summary.subIndication,
      summary.level,
      summary.qualification,
      summary.signer,
      summary.signingTime,
    ],
  );
}

/** A document's stored report and when it was made (for rendering it again). */
export async function loadVerificationReport(
  db: Queryable,
  documentId: string,
): Promise<{ report: unknown; verifiedAt: Date } | undefined> {
  const row = (
    await db.query<{ report: unknown; verified_at: Date | string }>(
      'SELECT report, verified_at FROM verification_reports WHERE document_id = $1',
      [documentId],
    )
  ).rows[0];
  if (!row) return undefined;
  return {
    report: typeof row.report === 'string' ? JSON.parse(row.report) : row.report,
    verifiedAt: new Date(row.verified_at),
  };
}
