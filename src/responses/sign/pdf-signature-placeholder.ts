import { PDFDocument, PDFHexString, PDFRef } from 'pdf-lib';
import { AppError } from '../../errors/index.js';
import {
  appendIncrementalUpdate,
  previousSize,
  previousXrefOffset,
} from './pdf-incremental-update.js';
import { attachSignatureField, type ObjectChanges } from './pdf-signature-field.js';

/**
 * Prepares a PDF for signing: an incremental update holding a /Sig dictionary with a /ByteRange
 * and a zero-filled /Contents placeholder, reached from a signature field. `coveredPieces` gives
 * the bytes to sign, and `embedSignature` writes the CMS into the placeholder. The original
 * bytes are never rewritten, as in any signing application.
 */

/** Room for `0 a b c` with four ten-digit numbers: files up to 9.9 GB. */
const BYTE_RANGE_SLOT = 48;

export interface PlaceholderOptions {
  /** A still empty signature field of this name is filled; otherwise a new field is added. */
  fieldName: string;
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  /** /M, the claimed signing time. */
  signingTime: Date;
  /** Bytes reserved for the DER CMS (the hex in /Contents is twice as long). */
  contentsSize: number;
  reason?: string;
  location?: string;
  signerName?: string;
  /** The page a new field's widget goes on; default the first. */
  pageIndex?: number;
}

export interface PreparedPdf {
  bytes: Uint8Array;
  byteRange: readonly [number, number, number, number];
  contentsSize: number;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A PDF date in UTC (§7.9.4). */
function pdfDate(date: Date): string {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `D:${digits}+00'00'`;
}

async function loadPdf(pdf: Uint8Array): Promise<PDFDocument> {
  try {
    // updateMetadata false: pdf-lib must not touch /Info, we write only what we change.
    return await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw new AppError('SEAL_FAILED', 'the PDF to seal cannot be read (damaged or encrypted)', {
      cause: error,
    });
  }
}

function signatureDictionary(options: PlaceholderOptions, contentsPlaceholder: string): string {
  const text = (key: string, value: string | undefined): string =>
    value ? ` /${key} ${PDFHexString.fromText(value).toString()}` : '';
  return (
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${options.subFilter}` +
    ` /ByteRange [${' '.repeat(BYTE_RANGE_SLOT)}] /Contents ${contentsPlaceholder}` +
    ` /M (${pdfDate(options.signingTime)})` +
    text('Name', options.signerName) +
    text('Reason', options.reason) +
    text('Location', options.location) +
    ' >>'
  );
}

export async function prepareSignaturePlaceholder(
  pdf: Uint8Array,
  options: PlaceholderOptions,
): Promise<PreparedPdf> {
  const doc = await loadPdf(pdf);
  const { context } = doc;
  if (context.trailerInfo.Encrypt) {
    throw new AppError('SEAL_FAILED', 'encrypted PDFs cannot be sealed');
  }
  const rootRef = context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef)) {
    throw new AppError('SEAL_FAILED', 'the PDF to seal has no /Root reference');
  }

  // pdf-lib forgets object streams and xref streams it read, so their numbers must come from
  // the previous trailer's /Size, or new objects would reuse them.
  const prev = previousXrefOffset(pdf);
  context.largestObjectNumber = Math.max(context.largestObjectNumber, previousSize(pdf, prev) - 1);
  const sigRef = context.nextRef();
  const changes: ObjectChanges = new Map();
  attachSignatureField(
    doc,
    { fieldName: options.fieldName, sigRef, pageIndex: options.pageIndex ?? 0, rootRef },
    changes,
  );
  const contentsPlaceholder = `<${'0'.repeat(options.contentsSize * 2)}>`;
  const sigBody = signatureDictionary(options, contentsPlaceholder);
  changes.set(sigRef, sigBody);

  const written = appendIncrementalUpdate(pdf, {
    objects: [...changes.entries()],
    prev,
    size: context.largestObjectNumber + 1,
    root: rootRef,
    info: context.trailerInfo.Info,
    id: context.trailerInfo.ID,
  });
  const { bytes } = written;
  const sigStart =
    (written.offsets.get(sigRef.objectNumber) ?? 0) +
    `${sigRef.objectNumber} ${sigRef.generationNumber} obj\n`.length;
  const contentsStart = sigStart + sigBody.indexOf(contentsPlaceholder);
  const contentsEnd = contentsStart + contentsPlaceholder.length;
  const byteRange = [0, contentsStart, contentsEnd, bytes.length - contentsEnd] as const;
  const filled = `/ByteRange [${byteRange.join(' ').padEnd(BYTE_RANGE_SLOT, ' ')}]`;
  bytes.set(latin1(filled), sigStart + sigBody.indexOf('/ByteRange ['));
  return { bytes, byteRange, contentsSize: options.contentsSize };
}

/** The two pieces of the file that the signature covers: everything but /Contents' hex. */
export function coveredPieces(prepared: PreparedPdf): Uint8Array[] {
  const [start, firstLength, secondStart, secondLength] = prepared.byteRange;
  return [
    prepared.bytes.subarray(start, start + firstLength),
    prepared.bytes.subarray(secondStart, secondStart + secondLength),
  ];
}

/** Writes the DER CMS into /Contents; the rest of the placeholder stays zero padding. */
export function embedSignature(prepared: PreparedPdf, cms: Uint8Array): Uint8Array {
  if (cms.length > prepared.contentsSize) {
    throw new AppError(
      'SEAL_FAILED',
      `the CMS of ${cms.length} bytes does not fit the ${prepared.contentsSize}-byte /Contents placeholder`,
    );
  }
  const signed = prepared.bytes.slice();
  // Just after the '<' that opens /Contents.
  signed.set(latin1(Buffer.from(cms).toString('hex')), prepared.byteRange[1] + 1);
  return signed;
}
