import type { Submission, SubmittedDocument, SignatureVerdict } from '../cases/index.js';
import type { DescriptionCheck } from '../cases/index.js';
import type { FormProblem, FormType } from '../forms/index.js';
import type { Queryable } from './database.js';

/** What the intake stage learnt about threading; answers and tickets need it. */
export async function recordThreading(
  db: Queryable,
  messageId: string,
  threading: { replyTo: string | null; inReplyTo: string | null; references: string[] },
): Promise<void> {
  await db.query(
    'UPDATE messages SET reply_to = $2, in_reply_to = $3, thread_references = $4 WHERE id = $1',
    [messageId, threading.replyTo, threading.inReplyTo, JSON.stringify(threading.references)],
  );
}

export interface FormReadingRecord {
  documentId: string;
  messageId: string;
  formType: FormType | null;
  formVersion: number | null;
  source: string | null;
  values: Record<string, string | boolean> | null;
  data: Record<string, unknown> | null;
  problems: FormProblem[];
  changedAfterSigning: string[];
  notAFormReason: string | null;
  description: DescriptionCheck | null;
  signedRevisions: string[];
}

/** Records what the parse stage read from one document; a retried job keeps the first reading. */
export async function saveFormReading(db: Queryable, r: FormReadingRecord): Promise<void> {
  await db.query(
    `INSERT INTO form_readings (document_id, message_id, form_type, form_version, source, field_values, data, problems, changed_after_signing, not_a_form_reason, description, signed_revisions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (document_id) DO NOTHING`,
    [
      r.documentId,
      r.messageId,
      r.formType,
      r.formVersion,
      r.source,
      r.values === null ? null : JSON.stringify(r.values),
      r.data === null ? null : JSON.stringify(r.data),
      JSON.stringify(r.problems),
      JSON.stringify(r.changedAfterSigning),
      r.notAFormReason,
      r.description === null ? null : JSON.stringify(r.description),
      JSON.stringify(r.signedRevisions),
    ],
  );
}

/** The message's documents that still wait for their verification report. */
export async function documentsAwaitingReport(db: Queryable, messageId: string): Promise<number> {
  const row = (
    await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM documents d
       LEFT JOIN verification_reports r ON r.document_id = d.id
       WHERE d.message_id = $1 AND d.kind = 'document' AND r.id IS NULL`,
      [messageId],
    )
  ).rows[0];
  return Number(row?.n ?? 0);
}

/** The stored document report (see src/signature/report.ts), as far as the procedures read it. */
interface ReportJson {
  format: string;
  accepted: boolean;
  reasons: string[];
  signatures: Array<{
    kind: string;
    indication: string;
    chain: Array<{ sha256: string }>;
    signer: { serialNumber: string; issuer: string } | null;
  }>;
}

function verdictOf(document: ReportJson | null): SignatureVerdict | null {
  if (!document || !Array.isArray(document.signatures)) return null;
  const signatures = document.signatures.filter(
    (s) => s.kind !== 'document-timestamp' && s.kind !== 'timestamp-token',
  );
  return {
    format: document.format,
    accepted: document.accepted,
    reasons: document.reasons,
    signed: signatures.length > 0,
    broken: signatures.some((s) => s.indication === 'TOTAL_FAILED'),
    signerCertificates: signatures.map(
      (s) => s.chain[0]?.sha256 ?? `${s.signer?.issuer ?? '?'}#${s.signer?.serialNumber ?? '?'}`,
    ),
  };
}

const parseJson = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** A message as the procedures see it (see src/cases/submission.ts), from the ledger alone. */
export async function loadSubmission(
  db: Queryable,
  messageId: string,
): Promise<Submission | undefined> {
  const message = (
    await db.query<{
      id: string;
      mailbox: string;
      from_address: string | null;
      reply_to: string | null;
      subject: string | null;
      message_id: string | null;
      in_reply_to: string | null;
      thread_references: unknown;
    }>(
      `SELECT id::text AS id, mailbox, from_address, reply_to, subject, message_id, in_reply_to, thread_references
       FROM messages WHERE id = $1`,
      [messageId],
    )
  ).rows[0];
  if (!message) return undefined;
  const rows = await db.query<{
    id: string;
    filename: string;
    content_type: string;
    sha256: string;
    size: string;
    report: unknown;
    form_type: FormType | null;
    form_version: number | null;
    field_values: unknown;
    data: unknown;
    problems: unknown;
    changed_after_signing: unknown;
    description: unknown;
    signed_revisions: unknown;
    note: string | null;
  }>(
    `SELECT d.id::text AS id, d.filename, d.content_type, d.sha256, d.size::text AS size, d.note, r.report,
            f.form_type, f.form_version, f.field_values, f.data, f.problems, f.changed_after_signing,
            f.description, f.signed_revisions
     FROM documents d
     LEFT JOIN verification_reports r ON r.document_id = d.id
     LEFT JOIN form_readings f ON f.document_id = d.id
     WHERE d.message_id = $1 AND d.kind = 'document' ORDER BY d.part_index`,
    [messageId],
  );
  const documents: SubmittedDocument[] = rows.rows.map((row) => ({
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sha256: row.sha256,
    size: Number(row.size),
    signature: verdictOf(row.report === null ? null : parseJson<ReportJson>(row.report)),
    form:
      row.form_type === null
        ? null
        : {
            formType: row.form_type,
            formVersion: row.form_version ?? 0,
            data: row.data === null ? null : parseJson<Record<string, unknown>>(row.data),
            problems: parseJson<FormProblem[]>(row.problems),
            changedAfterSigning: parseJson<string[]>(row.changed_after_signing),
            values: parseJson<Record<string, string | boolean>>(row.field_values ?? {}),
          },
    description:
      row.description === null || row.description === undefined
        ? null
        : parseJson<DescriptionCheck>(row.description),
    signedRevisions: parseJson<string[]>(row.signed_revisions ?? []),
    note: row.note,
  }));
  return {
    messageId: message.id,
    mailbox: message.mailbox,
    from: message.from_address,
    replyTo: message.reply_to,
    subject: message.subject,
    messageIdHeader: message.message_id,
    inReplyTo: message.in_reply_to,
    references: parseJson<string[]>(message.thread_references ?? []),
    documents,
  };
}
