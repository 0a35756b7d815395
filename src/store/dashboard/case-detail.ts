import { maskPersonalCodes, redactValue } from '../../adapters/redact.js';
import type { Language } from '../../cases/index.js';
import { listAudit, type AuditEntry } from '../audit-log-repository.js';
import { caseEvents, type CaseEventRow } from '../case-store.js';
import type { Queryable } from '../database.js';
import type { MessageStatus } from '../message-ledger.js';
import type { OutboxStatus } from '../outbox-repository.js';
import { CASE_COLUMNS, toCaseListing, type CaseListing, type CaseRow } from './cases.js';
import { dateOrNull, masked, parseJson } from './query-parts.js';
import {
  ESERVICE_COLUMNS,
  toEServiceListing,
  type EServiceListing,
  type EServiceRow,
} from './registry.js';

export interface VerificationSummary {
  documentId: string;
  /** The intake policy's verdict. */
  accepted: boolean;
  format: string;
  indication: string | null;
  subIndication: string | null;
  level: string | null;
  qualification: string | null;
  /** The signer's certificate subject, personal codes masked. */
  signer: string | null;
  signingTime: Date | null;
  verifiedAt: Date;
  /** Why not accepted, in plain words (empty when accepted). */
  reasons: string[];
}

export interface CaseDocument {
  id: string;
  filename: string;
  contentType: string;
  kind: string;
  size: number;
  note: string | null;
  verification: VerificationSummary | null;
}

export interface CaseMessage {
  id: string;
  mailbox: string;
  from: string | null;
  subject: string | null;
  receivedAt: Date;
  status: MessageStatus;
  statusReason: string | null;
  documents: CaseDocument[];
}

export interface CaseLetter {
  id: string;
  kind: string;
  recipient: string;
  status: OutboxStatus;
  statusReason: string | null;
  triggerMessageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface InstallationTask {
  state: 'open' | 'done';
  openedAt: Date;
  doneAt: Date | null;
  doneBy: string | null;
}

export interface AcceptanceAct {
  number: string;
  sha256: string;
  size: number;
  createdAt: Date;
  /** The institution's signed copy, once it came back. */
  signedDocumentId: string | null;
}

export interface CaseDetail {
  case: CaseListing & {
    id: string;
    language: Language;
    replyTo: string | null;
    /** What the steps recorded on the case; personal codes masked, secret-looking keys dropped. */
    data: Record<string, unknown>;
  };
  /** The timeline, oldest first. */
  events: CaseEventRow[];
  /** Oldest first, each with its documents in mail order. */
  messages: CaseMessage[];
  /** Oldest first. */
  letters: CaseLetter[];
  eservices: EServiceListing[];
  installationTask: InstallationTask | null;
  acceptanceAct: AcceptanceAct | null;
  /** Staff actions on the case (audit-log subject `case:<number>`). */
  audit: AuditEntry[];
}

export async function caseDetail(
  db: Queryable,
  caseNumber: string,
): Promise<CaseDetail | undefined> {
  const row = (
    await db.query<CaseRow & { language: Language; reply_to: string | null; data: unknown }>(
      `SELECT ${CASE_COLUMNS}, c.language, c.reply_to, c.data FROM cases c WHERE c.number = $1`,
      [caseNumber],
    )
  ).rows[0];
  if (!row) return undefined;
  const caseId = row.id;

  const messageRows = await db.query<{
    id: string;
    mailbox: string;
    from_address: string | null;
    subject: string | null;
    received_at: Date | string;
    status: MessageStatus;
    status_reason: string | null;
  }>(
    `SELECT m.id::text AS id, m.mailbox, m.from_address, m.subject, m.received_at, m.status, m.status_reason
     FROM case_messages cm JOIN messages m ON m.id = cm.message_id
     WHERE cm.case_id = $1 ORDER BY m.received_at, m.id`,
    [caseId],
  );
  const documentRows = await db.query<DocumentRow>(
    `SELECT d.id::text AS id, d.message_id::text AS message_id, d.filename, d.content_type, d.kind,
            d.size::text AS size, d.note, r.accepted, r.format, r.indication, r.sub_indication,
            r.level, r.qualification, r.signer, r.signing_time, r.verified_at,
            r.report -> 'reasons' AS reasons
     FROM case_messages cm JOIN documents d ON d.message_id = cm.message_id
     LEFT JOIN verification_reports r ON r.document_id = d.id
     WHERE cm.case_id = $1 ORDER BY d.message_id, d.part_index`,
    [caseId],
  );
  const documentsOf = new Map<string, CaseDocument[]>();
  for (const d of documentRows.rows) {
    const list = documentsOf.get(d.message_id) ?? [];
    list.push(toCaseDocument(d));
    documentsOf.set(d.message_id, list);
  }

  const letters = await db.query<{
    id: string;
    kind: string;
    recipient: string;
    status: OutboxStatus;
    status_reason: string | null;
    trigger_message_id: string | null;
    created_at: Date | string;
    sent_at: Date | string | null;
  }>(
    `SELECT id::text AS id, kind, recipient, status, status_reason,
            trigger_message_id::text AS trigger_message_id, created_at, sent_at
     FROM outbox WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
  const eservices = await db.query<EServiceRow>(
    `SELECT ${ESERVICE_COLUMNS} FROM eservices e JOIN cases c ON c.id = e.case_id
     WHERE e.case_id = $1 ORDER BY e.registered_at, e.identifier`,
    [caseId],
  );
  const task = (
    await db.query<{
      state: 'open' | 'done';
      opened_at: Date | string;
      done_at: Date | string | null;
      done_by: string | null;
    }>('SELECT state, opened_at, done_at, done_by FROM installation_tasks WHERE case_id = $1', [
      caseId,
    ])
  ).rows[0];
  const act = (
    await db.query<{
      number: string;
      sha256: string;
      size: string;
      created_at: Date | string;
      signed_document_id: string | null;
    }>(
      `SELECT number, sha256, size::text AS size, created_at, signed_document_id::text AS signed_document_id
       FROM acceptance_acts WHERE case_id = $1`,
      [caseId],
    )
  ).rows[0];

  return {
    case: {
      ...toCaseListing(row),
      id: caseId,
      language: row.language,
      replyTo: row.reply_to,
      data: redactValue(parseJson<Record<string, unknown>>(row.data) ?? {}) as Record<
        string,
        unknown
      >,
    },
    events: await caseEvents(db, caseId),
    messages: messageRows.rows.map((m) => ({
      id: m.id,
      mailbox: m.mailbox,
      from: m.from_address,
      subject: masked(m.subject),
      receivedAt: new Date(m.received_at),
      status: m.status,
      statusReason: masked(m.status_reason),
      documents: documentsOf.get(m.id) ?? [],
    })),
    letters: letters.rows.map((l) => ({
      id: l.id,
      kind: l.kind,
      recipient: l.recipient,
      status: l.status,
      statusReason: masked(l.status_reason),
      triggerMessageId: l.trigger_message_id,
      createdAt: new Date(l.created_at),
      sentAt: dateOrNull(l.sent_at),
    })),
    eservices: eservices.rows.map(toEServiceListing),
    installationTask: task
      ? {
          state: task.state,
          openedAt: new Date(task.opened_at),
          doneAt: dateOrNull(task.done_at),
          doneBy: task.done_by,
        }
      : null,
    acceptanceAct: act
      ? {
          number: act.number,
          sha256: act.sha256,
          size: Number(act.size),
          createdAt: new Date(act.created_at),
          signedDocumentId: act.signed_document_id,
        }
      : null,
    // Staff may have typed anything into a reason; shown to every role, so masked like the rest.
    audit: (await listAudit(db, `case:${caseNumber}`)).map((e) => ({
      ...e,
      before: redactValue(e.before),
      after: redactValue(e.after),
    })),
  };
}

interface DocumentRow {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  kind: string;
  size: string;
  note: string | null;
  accepted: boolean | null;
  format: string | null;
  indication: string | null;
  sub_indication: string | null;
  level: string | null;
  qualification: string | null;
  signer: string | null;
  signing_time: Date | string | null;
  verified_at: Date | string | null;
  reasons: unknown;
}

function toCaseDocument(d: DocumentRow): CaseDocument {
  const reasons = parseJson<unknown>(d.reasons);
  return {
    id: d.id,
    filename: d.filename,
    contentType: d.content_type,
    kind: d.kind,
    size: Number(d.size),
    note: masked(d.note),
    verification:
      d.accepted === null || d.verified_at === null
        ? null
        : {
            documentId: d.id,
            accepted: d.accepted,
            format: d.format ?? '',
            indication: d.indication,
            subIndication: d.sub_indication,
            level: d.level,
            qualification: d.qualification,
            signer: masked(d.signer),
            signingTime: dateOrNull(d.signing_time),
            verifiedAt: new Date(d.verified_at),
            reasons: Array.isArray(reasons) ? reasons.map((r) => maskPersonalCodes(String(r))) : [],
          },
  };
}
