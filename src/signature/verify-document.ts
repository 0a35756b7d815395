import { createHash } from 'node:crypto';
import { failed, type Check } from './check.js';
import { verifyAsic } from './asic/verify-asic.js';
import { ZipFormatError } from './asic/zip-format-error.js';
import { readZip } from './asic/zip-reader.js';
import type { VerifyContext } from './context.js';
import { analysePdf, PdfFormatError } from './pades/analyse-pdf.js';
import { verifyPadesSignatures } from './pades/verify-pades.js';
import {
  applyPolicyConstraints,
  DEFAULT_POLICY,
  evaluatePolicy,
  summarisePolicy,
  type IntakePolicy,
} from './policy.js';
import {
  REPORT_VERSION,
  type DocumentFormat,
  type DocumentReport,
  type SignatureReport,
  type VerificationReport,
} from './report.js';

/** PDF readers accept the header anywhere in the first KiB; so must the format detection. */
const PDF_HEADER_WINDOW = 1024;
const PDF_MAGIC = Buffer.from('%PDF-');
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export const GENERATOR = 'signed-intake verifier';

export function detectFormat(bytes: Uint8Array): 'pdf' | 'zip' | 'other' {
  const head = Buffer.from(bytes.subarray(0, PDF_HEADER_WINDOW));
  // ZIP first: a container that stores its PDF uncompressed has `%PDF-` within its first
  // kilobyte, and must still be read as the container it is (with its signatures).
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return 'zip';
  if (head.indexOf(PDF_MAGIC) !== -1) return 'pdf';
  return 'other';
}

/**
 * Verifies one file and judges it by the intake policy. Never throws for bad input: unreadable or
 * hostile files become a report with FORMAT_FAILURE-style checks and plain-word reasons.
 */
export async function verifyDocument(
  file: string,
  bytes: Uint8Array,
  ctx: VerifyContext,
  policy: IntakePolicy = DEFAULT_POLICY,
): Promise<DocumentReport> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const checks: Check[] = [];
  let format: DocumentFormat = 'unsupported';
  let signatures: SignatureReport[] = [];
  const kind = detectFormat(bytes);
  if (kind === 'pdf') {
    try {
      const analysis = analysePdf(bytes);
      checks.push(...analysis.problems);
      format = analysis.signatures.length === 0 ? 'unsigned' : 'PAdES';
      signatures = await verifyPadesSignatures(bytes, analysis, ctx, policy.allowFormFill);
    } catch (error) {
      if (!(error instanceof PdfFormatError)) throw error;
      format = 'PAdES';
      checks.push(failed('pdf.structure', `the PDF cannot be read: ${error.message}`));
    }
  } else if (kind === 'zip') {
    try {
      const zip = readZip(bytes);
      const result = await verifyAsic(zip, file, ctx);
      format =
        result.container.kind === 'ASiC-S'
          ? 'ASiC-S'
          : result.container.kind === 'ASiC-E'
            ? 'ASiC-E'
            : 'unsupported';
      if (result.container.kind === 'unknown' && result.signatures.length > 0) format = 'ASiC-E';
      checks.push(...result.checks);
      signatures = result.signatures;
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      format = 'unsupported';
      checks.push(failed('zip.structure', `the container cannot be read: ${error.message}`));
    }
  }
  signatures = signatures.map((s) => applyPolicyConstraints(s, policy));
  const documentReasons = checks.filter((c) => c.status === 'failed').map((c) => c.detail);
  const partial = { file, sha256, size: bytes.byteLength, format, signatures, checks };
  return { ...partial, ...evaluatePolicy(partial, policy, documentReasons) };
}

/** The report of one stored document, rebuilt for rendering (a letter's attachment, a page). */
export function reportOfDocument(
  document: DocumentReport,
  validationTime: Date,
  offline: boolean,
  policy: IntakePolicy = DEFAULT_POLICY,
): VerificationReport {
  return {
    reportVersion: REPORT_VERSION,
    generator: GENERATOR,
    validationTime: validationTime.toISOString(),
    offline,
    policy: summarisePolicy(policy),
    documents: [document],
  };
}

export function buildReport(
  documents: DocumentReport[],
  ctx: VerifyContext,
  policy: IntakePolicy,
): VerificationReport {
  return {
    reportVersion: REPORT_VERSION,
    generator: GENERATOR,
    validationTime: ctx.at.toISOString(),
    offline: ctx.offline,
    policy: summarisePolicy(policy),
    documents,
  };
}
