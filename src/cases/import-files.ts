import { z } from 'zod';
import type { AuditRecord, CatalogueEntry } from './ports.js';

/**
 * The agency's own tables as files: the IS catalogues and the test environment's audit-record
 * export, each as CSV (with a header row) or JSON (an array of objects). Every row is validated;
 * a file with any bad row is refused whole, naming the rows, so a half-import never happens.
 */

/** A catalogue or an export larger than this is not something staff type; refuse, don't parse. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Rows of problems reported back; the rest are summarised as a count. */
const MAX_REPORTED_PROBLEMS = 20;

const catalogueRow = z.object({
  identifier: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/),
  name: z.string().trim().min(1).max(300),
  version: z.string().trim().min(1).max(40),
  institutionRegNo: z
    .string()
    .trim()
    .regex(/^\d{11}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

const auditRow = z.object({
  serviceIdentifier: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/),
  at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  consumer: z.string().trim().min(1).max(200),
  operation: z.string().trim().min(1).max(200),
  ok: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'ok', 'error'])])
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'ok'),
});

export class ImportRejected extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export function parseCatalogueFile(name: string, bytes: Uint8Array): CatalogueEntry[] {
  return validateRows(rowsOf(name, bytes), (row) => {
    const parsed = catalogueRow.parse(row);
    return {
      identifier: parsed.identifier,
      name: parsed.name,
      version: parsed.version,
      institutionRegNo: parsed.institutionRegNo ?? null,
      details: {},
    };
  });
}

export function parseAuditRecordFile(
  name: string,
  bytes: Uint8Array,
): Array<AuditRecord & { serviceIdentifier: string }> {
  return validateRows(rowsOf(name, bytes), (row) => auditRow.parse(row));
}

function rowsOf(name: string, bytes: Uint8Array): unknown[] {
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new ImportRejected([`${name} is larger than ${MAX_IMPORT_BYTES} bytes`]);
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  let rows: unknown[];
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ImportRejected([`${name}: not valid JSON`]);
    }
    if (!Array.isArray(parsed)) throw new ImportRejected([`${name}: expected a JSON array`]);
    rows = parsed;
  } else rows = parseCsv(text);
  return rows;
}

/** Runs `parse` on every row and collects every problem before refusing. */
export function validateRows<T>(rows: readonly unknown[], parse: (row: unknown) => T): T[] {
  const problems: string[] = [];
  const out: T[] = [];
  rows.forEach((row, i) => {
    try {
      out.push(parse(row));
    } catch (error) {
      const message =
        error instanceof z.ZodError
          ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join(', ')
          : String(error);
      problems.push(`row ${i + 1}: ${message}`);
    }
  });
  if (problems.length)
    throw new ImportRejected([
      ...problems.slice(0, MAX_REPORTED_PROBLEMS),
      ...(problems.length > MAX_REPORTED_PROBLEMS
        ? [`and ${problems.length - MAX_REPORTED_PROBLEMS} more rows`]
        : []),
    ]);
  return out;
}

/** RFC 4180: a header row, commas, double quotes around fields that contain them. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  const [header, ...body] = records;
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}
