import type { Config } from '../src/config/index.js';
import { AppError } from '../src/errors/index.js';
import { sealedReportPdf, type SignatureReportRow } from '../src/responses/reports/index.js';
import type { DocumentReport } from '../src/signature/index.js';
import { renderHtml, reportOfDocument } from '../src/signature/index.js';
import type { Queryable } from '../src/store/index.js';
import {
  listSignatureReports,
  MAX_SIGNATURE_REPORT_LIMIT,
  type SignatureReportFilter,
} from '../src/store/signature-reports.js';

/**
 * The compliance reports as the command line and the dashboard both give them: every row of a
 * period, and one document's report as the verifier's page, JSON or a sealed PDF.
 */
export { periodBound } from '../src/responses/reports/agency-period.js';

/**
 * Every row of the filter, read a page of MAX_SIGNATURE_REPORT_LIMIT at a time. Newest first: a
 * document verified while the pages are read pushes the rest down, so a row may come twice (kept
 * once), none is skipped.
 */
export async function allSignatureRows(
  db: Queryable,
  filter: SignatureReportFilter,
): Promise<SignatureReportRow[]> {
  const seen = new Set<string>();
  const rows: SignatureReportRow[] = [];
  for (let offset = 0; ; offset += MAX_SIGNATURE_REPORT_LIMIT) {
    const page = await listSignatureReports(db, {
      ...filter,
      limit: MAX_SIGNATURE_REPORT_LIMIT,
      offset,
    });
    for (const row of page)
      if (!seen.has(row.documentId)) {
        seen.add(row.documentId);
        rows.push(row);
      }
    if (page.length < MAX_SIGNATURE_REPORT_LIMIT) return rows;
  }
}

export interface StoredDocumentReport {
  row: SignatureReportRow;
  report: DocumentReport;
}

interface ReportDeps {
  config: Readonly<Config>;
  seal?: ((pdf: Uint8Array) => Promise<Uint8Array>) | undefined;
  now?: (() => Date) | undefined;
}

/** One document's stored report as the verifier's HTML page, or as JSON (its row and report). */
export function documentReportText(
  deps: ReportDeps,
  found: StoredDocumentReport,
  format: 'html' | 'json',
): string {
  const { row, report } = found;
  const verification = reportOfDocument(report, row.verifiedAt, deps.config.verify.offline);
  if (format === 'html') return renderHtml(verification);
  return `${JSON.stringify({ document: row, report: verification }, null, 2)}\n`;
}

/** One document's stored report as a PDF sealed by the agency: evidence that stands alone. */
export async function documentReportPdf(
  deps: ReportDeps,
  found: StoredDocumentReport,
): Promise<Uint8Array> {
  if (!deps.seal) throw new AppError('SEAL_FAILED', 'the agency seal is not configured');
  const { row, report } = found;
  return sealedReportPdf(
    report,
    {
      documentId: row.documentId,
      filename: row.filename,
      receivedAt: row.receivedAt,
      verifiedAt: row.verifiedAt,
      sender: row.sender,
      caseNumber: row.caseNumber,
      generatedAt: (deps.now ?? (() => new Date()))(),
      agencyName: deps.config.agency.name,
    },
    deps.seal,
  );
}
