import type { DocumentReport, SignatureReport } from '../../signature/index.js';
import { cleanText } from '../letters/clean-text.js';
import { ENGLISH } from '../letters/english.js';
import { textListAt } from '../letters/letter-data.js';
import { MAX_LIST_ITEMS, MAX_TABLE_CELL_CHARS, MAX_VALUE_CHARS } from '../letters/letter-limits.js';
import type { LabelledValue, LetterBlock, LetterModel } from '../letters/letter-model.js';
import { bullets } from '../letters/letter-wording.js';
import { renderPdf } from '../letters/render-pdf.js';

/**
 * A document's stored validation report as an A4 PDF a compliance officer can file: the
 * document, the intake policy's verdict with its reasons, then each signature with its signer,
 * qualification, level, indication, time-stamps, revocation, chain and the checks that did not
 * pass. It is laid out as a letter (src/responses/letters/render-pdf.ts): the same page, font,
 * pagination and fixed metadata, so the same report and meta give the same bytes.
 */

export interface ReportPdfMeta {
  documentId: string;
  filename: string;
  receivedAt: Date;
  sender: string | null;
  caseNumber?: string | null;
  /** When the document was verified (the report restates that verification). */
  verifiedAt?: Date;
  /** Printed, and the PDF's creation date: fixed by the caller so a render can be repeated. */
  generatedAt: Date;
  /** The letterhead; the product's name when not given. */
  agencyName?: string;
}

/** Seals a PDF as the agency: the pipeline's `seal` and the CLI's `agencySeal` have this shape. */
export type PdfSeal = (pdf: Uint8Array, fieldName?: string) => Promise<Uint8Array>;

export const REPORT_TITLE = 'Signature validation report';
const DEFAULT_LETTERHEAD = 'signed-intake';
const NONE = '—';
/** Characters of the SHA-256 the footer shows: enough to match a file by eye. */
const FOOTER_HASH_CHARS = 16;

const text = (value: string | null | undefined): string =>
  value === null || value === undefined ? NONE : cleanText(value, MAX_VALUE_CHARS) || NONE;
const cell = (value: string | null | undefined): string =>
  value === null || value === undefined ? NONE : cleanText(value, MAX_TABLE_CELL_CHARS) || NONE;
const more = (count: number): string => `… and ${count} more, not listed here`;

function iso(date: Date, what: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime()))
    throw new RangeError(`the report's ${what} is not a valid date`);
  return date.toISOString();
}

/** A capped bulleted list, or nothing when the list is empty. */
function list(items: readonly string[]): LetterBlock[] {
  const capped = textListAt({ items }, 'items');
  return capped.items.length === 0 ? [] : [bullets(capped, more)];
}

function checkLines(checks: DocumentReport['checks']): string[] {
  return checks
    .filter((c) => c.status === 'failed' || c.status === 'indeterminate' || c.status === 'warning')
    .map((c) => `${c.name} (${c.status}): ${c.detail}`);
}

function signatureFacts(s: SignatureReport): LabelledValue[] {
  const revocation = s.revocation;
  return [
    ['Signer', text(s.signer?.subject)],
    ['Issuer', text(s.signer?.issuer)],
    ['Certificate serial', text(s.signer?.serialNumber)],
    ['Qualification', text(s.qualification)],
    ['Level', text(s.level)],
    ['Indication', text(`${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}`)],
    ['Claimed signing time', text(s.claimedSigningTime)],
    ['Proven to exist at', text(s.bestSignatureTime)],
    [
      'Revocation',
      revocation === null
        ? NONE
        : text(
            [
              revocation.status,
              revocation.source && `from ${revocation.source}`,
              revocation.issuedAt && `issued ${revocation.issuedAt}`,
              revocation.revocationTime && `revoked ${revocation.revocationTime}`,
            ]
              .filter(Boolean)
              .join(', '),
          ),
    ],
    ['Coverage', text(`${s.coverage.verdict}: ${s.coverage.detail}`)],
    ['Trust anchor', text(s.trustAnchor ?? 'none found')],
  ];
}

function signatureBlocks(s: SignatureReport, index: number, count: number): LetterBlock[] {
  const blocks: LetterBlock[] = [
    { kind: 'paragraph', text: `Signature ${index + 1} of ${count}: ${text(s.id)} (${s.kind})` },
    { kind: 'facts', rows: signatureFacts(s) },
  ];
  if (s.timestamps.length > 0)
    blocks.push({
      kind: 'table',
      columns: [
        { label: 'Time-stamp', width: 0.14 },
        { label: 'Time', width: 0.24 },
        { label: 'Authority', width: 0.42 },
        { label: 'Result', width: 0.2 },
      ],
      rows: s.timestamps
        .slice(0, MAX_LIST_ITEMS)
        .map((t) => [
          t.kind,
          cell(t.genTime),
          cell(t.tsa),
          `${t.valid ? 'valid' : 'not valid'}${t.qualified ? ', qualified' : ''}`,
        ]),
    });
  if (s.chain.length > 0)
    blocks.push({
      kind: 'table',
      columns: [
        { label: 'Certificate', width: 0.31 },
        { label: 'Issuer', width: 0.27 },
        { label: 'Serial', width: 0.13 },
        { label: 'Valid', width: 0.29 },
      ],
      rows: s.chain
        .slice(0, MAX_LIST_ITEMS)
        .map((c) => [
          cell(c.subject),
          cell(c.issuer),
          cell(c.serialNumber),
          cell(`${c.notBefore} – ${c.notAfter}`),
        ]),
    });
  const problems = [
    ...s.errors.map((e) => `error: ${e}`),
    ...checkLines(s.checks),
    ...s.warnings.map((w) => `warning: ${w}`),
  ];
  if (problems.length > 0)
    blocks.push({ kind: 'paragraph', text: 'Checks not passed:' }, ...list(problems));
  return blocks;
}

function body(report: DocumentReport): LetterBlock[] {
  const blocks: LetterBlock[] = [
    {
      kind: 'paragraph',
      text: report.accepted
        ? 'Intake policy verdict: ACCEPTED. Every signature is valid, qualified and time-stamped and covers the whole document.'
        : 'Intake policy verdict: NOT ACCEPTED, for these reasons:',
    },
    ...list(report.reasons),
  ];
  const documentChecks = checkLines(report.checks);
  if (documentChecks.length > 0)
    blocks.push(
      { kind: 'paragraph', text: 'Document checks not passed:' },
      ...list(documentChecks),
    );
  const signatures = report.signatures;
  if (signatures.length === 0)
    blocks.push({ kind: 'paragraph', text: 'The document carries no signature.' });
  const shown = signatures.slice(0, MAX_LIST_ITEMS);
  shown.forEach((s, i) => blocks.push(...signatureBlocks(s, i, signatures.length)));
  if (signatures.length > shown.length)
    blocks.push({ kind: 'paragraph', text: more(signatures.length - shown.length) });
  return blocks;
}

/** The report as content, before it is laid out. */
export function composeReport(report: DocumentReport, meta: ReportPdfMeta): LetterModel {
  const generated = iso(meta.generatedAt, 'generation time');
  const header: LabelledValue[] = [
    ['Generated', generated],
    ['Document', text(meta.filename)],
    ['Document id', text(meta.documentId)],
    ['SHA-256', text(report.sha256)],
    ['Format', `${report.format}, ${report.size} bytes`],
    ['Received', iso(meta.receivedAt, 'receiving time')],
    ...(meta.verifiedAt ? [['Verified', iso(meta.verifiedAt, 'verification time')] as const] : []),
    ['Sender', text(meta.sender)],
  ];
  if (meta.caseNumber) header.push(['Case', text(meta.caseNumber)]);
  return {
    language: 'en',
    languageTag: ENGLISH.languageTag,
    letterhead: text(meta.agencyName ?? DEFAULT_LETTERHEAD),
    title: REPORT_TITLE,
    header,
    body: body(report),
    // Kept together with the free space under it, where viewers show the seal's panel.
    closing: [
      'Indications as in ETSI EN 319 102-1. The verdict is the intake policy’s: a qualified signature or seal, an RFC 3161 time-stamp, the whole document covered. This report restates the verification stored when the document was taken in.',
    ],
    footer: `${text(meta.filename)} · SHA-256 ${report.sha256.slice(0, FOOTER_HASH_CHARS)}…`,
    pageLabel: ENGLISH.pageLabel,
  };
}

/** The unsealed PDF: A4, DejaVu Sans embedded, paginated, deterministic for the same input. */
export async function renderReportPdf(
  report: DocumentReport,
  meta: ReportPdfMeta,
): Promise<Uint8Array> {
  return renderPdf(composeReport(report, meta), meta.generatedAt);
}

/** The PDF sealed by the agency (into a new invisible signature field). */
export async function sealedReportPdf(
  report: DocumentReport,
  meta: ReportPdfMeta,
  seal: PdfSeal,
): Promise<Uint8Array> {
  return seal(await renderReportPdf(report, meta));
}
