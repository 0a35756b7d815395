import { writeFile } from 'node:fs/promises';
import {
  allSignatureRows,
  documentReportPdf,
  documentReportText,
  periodBound,
} from '../../../pipelines/compliance-reports.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import { normaliseSerial, toCsv, toJson } from '../../responses/reports/index.js';
import { openDatabase, type Database } from '../../store/index.js';
import {
  findDocumentsBySha256,
  loadDocumentReport,
  signatureReportTotals,
  type SignatureReportFilter,
} from '../../store/signature-reports.js';
import { agencySeal } from './agency-seal.js';

/**
 * Compliance reports from the command line: every verified document of a period as CSV or JSON
 * (with totals), and one document's validation report as HTML, JSON or a PDF sealed by the agency.
 */

async function withDatabase<T>(config: Readonly<Config>, work: (db: Database) => Promise<T>) {
  const db = await openDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

export interface ReportSignaturesOptions {
  from: string;
  to: string;
  format: 'csv' | 'json';
  accepted?: boolean;
  refused?: boolean;
  indication?: string;
  institution?: string;
  signer?: string;
  serial?: string;
  formType?: string;
}

/** The filter the options describe; usage errors are CLI_USAGE. */
export function signatureFilter(
  options: ReportSignaturesOptions,
): SignatureReportFilter & { from: Date; to: Date } {
  const from = periodBound(options.from, 'from');
  const to = periodBound(options.to, 'to');
  if (from >= to)
    throw new AppError(
      'CLI_USAGE',
      `the period is empty: --from ${options.from} --to ${options.to}`,
    );
  if (options.accepted && options.refused)
    throw new AppError('CLI_USAGE', '--accepted and --refused exclude each other');
  if (options.serial !== undefined && normaliseSerial(options.serial) === null)
    throw new AppError('CLI_USAGE', `--serial ${options.serial} is not a hexadecimal number`);
  return {
    from,
    to,
    ...(options.accepted ? { accepted: true } : {}),
    ...(options.refused ? { accepted: false } : {}),
    ...(options.indication === undefined ? {} : { indication: options.indication }),
    ...(options.institution === undefined ? {} : { institution: options.institution }),
    ...(options.signer === undefined ? {} : { signer: options.signer }),
    ...(options.serial === undefined ? {} : { certificateSerial: options.serial }),
    ...(options.formType === undefined ? {} : { formType: options.formType }),
  };
}

/** `intake report signatures`: the period's verified documents as CSV, or JSON with totals. */
export async function reportSignaturesCommand(
  config: Readonly<Config>,
  options: ReportSignaturesOptions,
): Promise<{ content: string; count: number }> {
  const filter = signatureFilter(options);
  return withDatabase(config, async (db) => {
    const rows = await allSignatureRows(db, filter);
    if (options.format === 'csv') return { content: toCsv(rows), count: rows.length };
    const totals = await signatureReportTotals(db, filter);
    return {
      content: toJson(rows, totals, { from: filter.from, to: filter.to }),
      count: rows.length,
    };
  });
}

export type DocumentReportFormat = 'html' | 'json' | 'pdf';

const SHA256_HEX = /^[0-9a-f]{64}$/i;
const DOCUMENT_ID = /^\d{1,18}$/;

async function documentIdOf(db: Database, target: string): Promise<string> {
  if (DOCUMENT_ID.test(target)) return target;
  if (!SHA256_HEX.test(target))
    throw new AppError('CLI_USAGE', `${target} is neither a document id nor a SHA-256 (64 hex)`);
  const rows = await findDocumentsBySha256(db, target);
  const [only] = rows;
  if (only === undefined)
    throw new AppError('RECORD_NOT_FOUND', `no verified document has SHA-256 ${target}`);
  if (rows.length > 1)
    throw new AppError(
      'CLI_USAGE',
      `${rows.length} documents have SHA-256 ${target}; name one by id: ${rows
        .map((r) => `${r.documentId} (${r.receivedAt.toISOString()}, ${r.caseNumber ?? 'no case'})`)
        .join(', ')}`,
    );
  return only.documentId;
}

/** The stored report of a document named by id or by SHA-256. */
async function storedReport(config: Readonly<Config>, target: string) {
  return withDatabase(config, async (db) => {
    const id = await documentIdOf(db, target);
    const stored = await loadDocumentReport(db, id);
    if (!stored)
      throw new AppError('RECORD_NOT_FOUND', `document ${id} has no verification report`);
    return stored;
  });
}

/**
 * `intake report document`: one document's stored validation report, as the verifier's HTML
 * page, as JSON (the document's row and the report), or as a PDF sealed with the agency's seal.
 */
export async function reportDocumentCommand(
  config: Readonly<Config>,
  target: string,
  format: DocumentReportFormat,
  now: Date = new Date(),
): Promise<string | Uint8Array> {
  if (format !== 'pdf')
    return documentReportText({ config }, await storedReport(config, target), format);
  // Before any work: a PDF report without the agency's seal is not what was asked for.
  const seal = agencySeal(config);
  if (seal === undefined)
    throw new AppError(
      'CLI_USAGE',
      'a PDF report is sealed by the agency, and signing is not configured (signing in the configuration)',
    );
  return documentReportPdf({ config, seal, now: () => now }, await storedReport(config, target));
}

/** A PDF is not written to a terminal, where it would only garble the screen: checked first. */
export function checkReportTarget(
  format: DocumentReportFormat,
  out: string | undefined,
  stdout: { isTTY?: boolean } = process.stdout,
): void {
  if (format === 'pdf' && out === undefined && stdout.isTTY)
    throw new AppError('CLI_USAGE', 'a PDF is not written to a terminal: name a file with --out');
}

/** Writes a report to `out`, or to standard output. */
export async function writeReport(
  content: string | Uint8Array,
  out: string | undefined,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  if (out !== undefined) {
    await writeFile(out, content);
    return;
  }
  await new Promise<void>((resolve, reject) =>
    stdout.write(content, (error) => (error ? reject(error) : resolve())),
  );
}
