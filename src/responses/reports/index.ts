/**
 * Compliance reports: the signature report's rows as CSV and JSON, and one document's validation
 * report as a PDF sealed by the agency. Pure: the rows come from src/store, the seal from the
 * caller.
 */
export {
  NO_INDICATION,
  normaliseSerial,
  type SignatureReportRow,
  type SignatureReportTotals,
} from './signature-report-row.js';
export {
  csvCell,
  REASON_SEPARATOR,
  SIGNATURE_CSV_COLUMNS,
  toCsv,
  toJson,
  type ExportPeriod,
} from './signature-export.js';
export {
  composeReport,
  renderReportPdf,
  REPORT_TITLE,
  sealedReportPdf,
  type PdfSeal,
  type ReportPdfMeta,
} from './report-pdf.js';
