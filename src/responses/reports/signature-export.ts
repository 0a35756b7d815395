import type { SignatureReportRow, SignatureReportTotals } from './signature-report-row.js';

/**
 * The compliance report as files a compliance officer hands on: CSV for spreadsheets and JSON
 * for programs. Pure: rows in, text out.
 */

/** The CSV's columns, in order; each header is the row's field name. */
export const SIGNATURE_CSV_COLUMNS = [
  'documentId',
  'sha256',
  'filename',
  'size',
  'messageId',
  'mailbox',
  'sender',
  'subject',
  'receivedAt',
  'verifiedAt',
  'caseNumber',
  'institutionRegNo',
  'institutionName',
  'formType',
  'signer',
  'certificateSerial',
  'qualification',
  'level',
  'indication',
  'subIndication',
  'accepted',
  'reasons',
  'timestampTime',
  'revocationSource',
  'format',
] as const satisfies ReadonlyArray<keyof SignatureReportRow>;

/** Several reasons share one cell; a spreadsheet user reads them as one sentence each. */
export const REASON_SEPARATOR = '; ';

/** RFC 4180 line break. */
const CRLF = '\r\n';
/**
 * A cell a spreadsheet would read as a formula (or whose leading tab or CR it would strip to find
 * one) is prefixed with an apostrophe: OWASP's guard against CSV injection. Values come from
 * institutions' mail and certificates.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cellText(value: SignatureReportRow[keyof SignatureReportRow]): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(REASON_SEPARATOR);
  return String(value);
}

/** One field: guarded against formula injection, then quoted when RFC 4180 needs it. */
export function csvCell(text: string): string {
  const guarded = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** RFC 4180 CSV: a header row, then one record per row, every line ending in CRLF; no BOM. */
export function toCsv(rows: readonly SignatureReportRow[]): string {
  const lines = [SIGNATURE_CSV_COLUMNS.map(csvCell).join(',')];
  for (const row of rows)
    lines.push(SIGNATURE_CSV_COLUMNS.map((column) => csvCell(cellText(row[column]))).join(','));
  return lines.join(CRLF) + CRLF;
}

/** The period an export covers: `from` inclusive, `to` exclusive. */
export interface ExportPeriod {
  from: Date;
  to: Date;
}

/** JSON with ISO 8601 dates: the rows, their count, and the totals and period when given. */
export function toJson(
  rows: readonly SignatureReportRow[],
  totals?: SignatureReportTotals,
  period?: ExportPeriod,
): string {
  return `${JSON.stringify(
    {
      ...(period ? { period: { from: period.from, to: period.to } } : {}),
      ...(totals ? { totals } : {}),
      count: rows.length,
      rows,
    },
    null,
    2,
  )}\n`;
}
