import {
  NO_INDICATION,
  normaliseSerial,
  type SignatureReportRow,
  type SignatureReportTotals,
} from '../responses/reports/signature-report-row.js';
import { documentReportSchema, type DocumentReport } from '../signature/report.js';
import type { Queryable } from './database.js';

/**
 * The compliance report: every verified document with its message, case, form type and the
 * verifier's verdict, filtered and counted for a period. The summary columns of
 * verification_reports are the first signature's (see pipelines/verify.handler.ts); what they do
 * not hold (serial number, time-stamp, revocation source, reasons) is read from the stored JSON.
 */

export interface SignatureReportFilter {
  /** On verified_at, inclusive. */
  from?: Date;
  /** On verified_at, exclusive. */
  to?: Date;
  indication?: string;
  accepted?: boolean;
  /** The case's institution: its registration number exactly, or a part of its name; any case. */
  institution?: string;
  formType?: string;
  /** A part of the signer's subject, any case. */
  signer?: string;
  /**
   * Hex; colons, case and leading zeros do not matter. Matches the signer certificate of any
   * signature in the report, not only the first.
   */
  certificateSerial?: string;
  sha256?: string;
  limit?: number;
  offset?: number;
}

/** A page of the dashboard or an API call: a few screens of rows. */
export const DEFAULT_SIGNATURE_REPORT_LIMIT = 200;
/**
 * The most rows one query returns: ~10 000 rows of ~1 KB stay well inside a process's memory and
 * a response's time budget; an export of a longer period pages with `offset`.
 */
export const MAX_SIGNATURE_REPORT_LIMIT = 10_000;

/** Every verified document once: a document has one report, a message at most one case. */
const FROM = `
  FROM verification_reports vr
  JOIN documents d ON d.id = vr.document_id
  JOIN messages m ON m.id = d.message_id
  LEFT JOIN form_readings fr ON fr.document_id = d.id
  LEFT JOIN case_messages cm ON cm.message_id = m.id
  LEFT JOIN cases c ON c.id = cm.case_id`;

/** A JSON array at `path`, or an empty one when the stored report has none there. */
const jsonArray = (path: string): string =>
  `CASE WHEN jsonb_typeof(${path}) = 'array' THEN ${path} ELSE '[]'::jsonb END`;

/** The same normalisation as normaliseSerial, for the serials stored in the report JSON. */
const STORED_SERIAL = `ltrim(lower(regexp_replace(s.sig->'signer'->>'serialNumber', '[[:space:]:]', '', 'g')), '0')`;

/** The first signature that is not a document time-stamp: the one the summary columns describe. */
const FIRST_SIGNATURE = `
  LEFT JOIN LATERAL (
    SELECT s.sig FROM jsonb_array_elements(${jsonArray("vr.report->'signatures'")}) WITH ORDINALITY AS s(sig, ord)
    WHERE s.sig->>'kind' IS DISTINCT FROM 'document-timestamp'
    ORDER BY s.ord LIMIT 1
  ) fs ON true`;

const COLUMNS = `
  d.id::text AS document_id, d.sha256, d.filename, d.size::text AS size,
  m.id::text AS message_id, m.mailbox, m.from_address, m.subject, m.received_at,
  vr.verified_at, c.number AS case_number, c.institution_reg_no, c.institution_name,
  fr.form_type, vr.signer, fs.sig->'signer'->>'serialNumber' AS certificate_serial,
  vr.qualification, vr.level, vr.indication, vr.sub_indication, vr.accepted,
  ${jsonArray("vr.report->'reasons'")} AS reasons,
  (SELECT t.ts->>'genTime' FROM jsonb_array_elements(${jsonArray("fs.sig->'timestamps'")}) WITH ORDINALITY AS t(ts, ord)
    WHERE t.ts->>'kind' = 'signature' AND t.ts->>'valid' = 'true' AND t.ts->>'genTime' IS NOT NULL
    ORDER BY t.ord LIMIT 1) AS timestamp_time,
  fs.sig->'revocation'->>'source' AS revocation_source, vr.format`;

const ORDER = 'ORDER BY vr.verified_at DESC, vr.id DESC';

interface Row {
  document_id: string;
  sha256: string;
  filename: string;
  size: string;
  message_id: string;
  mailbox: string;
  from_address: string | null;
  subject: string | null;
  received_at: Date | string;
  verified_at: Date | string;
  case_number: string | null;
  institution_reg_no: string | null;
  institution_name: string | null;
  form_type: string | null;
  signer: string | null;
  certificate_serial: string | null;
  qualification: string | null;
  level: string | null;
  indication: string | null;
  sub_indication: string | null;
  accepted: boolean;
  reasons: unknown;
  timestamp_time: string | null;
  revocation_source: string | null;
  format: string;
}

/** jsonb comes back parsed from both drivers; a string is parsed here to be safe. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function toRow(r: Row): SignatureReportRow {
  const reasons = json(r.reasons);
  return {
    documentId: r.document_id,
    sha256: r.sha256,
    filename: r.filename,
    size: Number(r.size),
    messageId: r.message_id,
    mailbox: r.mailbox,
    sender: r.from_address,
    subject: r.subject,
    receivedAt: new Date(r.received_at),
    verifiedAt: new Date(r.verified_at),
    caseNumber: r.case_number,
    institutionRegNo: r.institution_reg_no,
    institutionName: r.institution_name,
    formType: r.form_type,
    signer: r.signer,
    certificateSerial: r.certificate_serial,
    qualification: r.qualification,
    level: r.level,
    indication: r.indication,
    subIndication: r.sub_indication,
    accepted: r.accepted,
    reasons: Array.isArray(reasons) ? reasons.map(String) : [],
    timestampTime: r.timestamp_time,
    revocationSource: r.revocation_source,
    format: r.format,
  };
}

/** The WHERE clause of a filter, with its parameters numbered from $1. */
function whereOf(filter: SignatureReportFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.from !== undefined) conditions.push(`vr.verified_at >= ${param(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`vr.verified_at < ${param(filter.to)}`);
  if (filter.indication !== undefined)
    conditions.push(`vr.indication = ${param(filter.indication)}`);
  if (filter.accepted !== undefined) conditions.push(`vr.accepted = ${param(filter.accepted)}`);
  if (filter.institution !== undefined) {
    const p = `${param(filter.institution.trim())}::text`;
    // strpos, not LIKE: a "%" or "_" in the search is a character, not a wildcard.
    conditions.push(
      `(lower(c.institution_reg_no) = lower(${p}) OR strpos(lower(c.institution_name), lower(${p})) > 0)`,
    );
  }
  if (filter.formType !== undefined) conditions.push(`fr.form_type = ${param(filter.formType)}`);
  if (filter.signer !== undefined)
    conditions.push(`strpos(lower(vr.signer), lower(${param(filter.signer)}::text)) > 0`);
  if (filter.certificateSerial !== undefined) {
    const serial = normaliseSerial(filter.certificateSerial);
    conditions.push(
      serial === null
        ? 'false'
        : `EXISTS (SELECT 1 FROM jsonb_array_elements(${jsonArray("vr.report->'signatures'")}) AS s(sig)
             WHERE ${STORED_SERIAL} = ${param(serial)}::text)`,
    );
  }
  if (filter.sha256 !== undefined)
    conditions.push(`d.sha256 = ${param(filter.sha256.trim().toLowerCase())}`);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** A whole number within [min, max], else the fallback (for a missing one) or a RangeError. */
function bounded(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${value} is not a whole number of at least ${min}`);
  return Math.min(value, max);
}

/**
 * The verified documents the filter selects, newest verification first. `limit` defaults to
 * DEFAULT_SIGNATURE_REPORT_LIMIT and is capped at MAX_SIGNATURE_REPORT_LIMIT.
 */
export async function listSignatureReports(
  db: Queryable,
  filter: SignatureReportFilter = {},
): Promise<SignatureReportRow[]> {
  const limit = bounded(
    filter.limit,
    DEFAULT_SIGNATURE_REPORT_LIMIT,
    1,
    MAX_SIGNATURE_REPORT_LIMIT,
  );
  const offset = bounded(filter.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const { where, params } = whereOf(filter);
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} ${FROM} ${FIRST_SIGNATURE} ${where} ${ORDER}
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return rows.rows.map(toRow);
}

/** How many documents the filter selects (limit and offset aside). */
export async function countSignatureReports(
  db: Queryable,
  filter: SignatureReportFilter = {},
): Promise<number> {
  const { where, params } = whereOf(filter);
  const row = (await db.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} ${where}`, params))
    .rows[0];
  return row?.n ?? 0;
}

/** Counts over everything the filter selects (limit and offset aside). */
export async function signatureReportTotals(
  db: Queryable,
  filter: SignatureReportFilter = {},
): Promise<SignatureReportTotals> {
  const { where, params } = whereOf(filter);
  const byIndication = await db.query<{ indication: string | null; n: number; accepted: number }>(
    `SELECT vr.indication, count(*)::int AS n, (count(*) FILTER (WHERE vr.accepted))::int AS accepted
     ${FROM} ${where} GROUP BY vr.indication`,
    params,
  );
  // DISTINCT inside the lateral: a reason a document gives twice counts once for it.
  const byReason = await db.query<{ reason: string; n: number }>(
    `SELECT r.reason, count(*)::int AS n ${FROM}
     CROSS JOIN LATERAL (SELECT DISTINCT value AS reason FROM jsonb_array_elements_text(${jsonArray("vr.report->'reasons'")})) r
     ${where} GROUP BY r.reason ORDER BY n DESC, r.reason`,
    params,
  );
  const totals: SignatureReportTotals = {
    total: 0,
    accepted: 0,
    refused: 0,
    byIndication: {},
    byReason: {},
  };
  for (const row of byIndication.rows) {
    totals.total += row.n;
    totals.accepted += row.accepted;
    totals.byIndication[row.indication ?? NO_INDICATION] = row.n;
  }
  totals.refused = totals.total - totals.accepted;
  for (const row of byReason.rows) totals.byReason[row.reason] = row.n;
  return totals;
}

/** One document's row and its full stored report; undefined when it has no report. */
export async function loadDocumentReport(
  db: Queryable,
  documentId: string,
): Promise<{ row: SignatureReportRow; report: DocumentReport } | undefined> {
  // Document ids are bigserial: anything else names no document (and would fail the cast).
  if (!/^\d{1,18}$/.test(documentId)) return undefined;
  const result = await db.query<Row & { report: unknown }>(
    `SELECT ${COLUMNS}, vr.report ${FROM} ${FIRST_SIGNATURE} WHERE d.id = $1`,
    [documentId],
  );
  const found = result.rows[0];
  if (!found) return undefined;
  const parsed = documentReportSchema.safeParse(json(found.report));
  if (!parsed.success)
    throw new Error(
      `the stored report of document ${documentId} does not match the report schema: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return { row: toRow(found), report: parsed.data };
}

/** Every verified document with these bytes (the same file may arrive more than once). */
export async function findDocumentsBySha256(
  db: Queryable,
  sha256: string,
): Promise<SignatureReportRow[]> {
  return listSignatureReports(db, { sha256, limit: MAX_SIGNATURE_REPORT_LIMIT });
}
