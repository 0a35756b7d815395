import {
  analysePdf,
  PdfFormatError,
  type PdfSignature,
} from '../../signature/pades/analyse-pdf.js';

/**
 * How many leading bytes of a PDF its furthest-reaching signature covers, or undefined when no
 * signature covers a whole revision. Only signatures count (a document time-stamp says when, not
 * who agreed to the values), and only those that the form fields reach and whose ByteRange ends
 * exactly at a revision's end: anything else is broken, and the verifier refuses it on its own.
 * Whether the signature is valid is the verifier's question, not the reader's.
 */
export function signedPrefixLength(bytes: Uint8Array): number | undefined {
  let signatures: readonly PdfSignature[];
  try {
    signatures = analysePdf(bytes).signatures;
  } catch (error) {
    // A PDF the strict analyser cannot read has no signature we could locate; pdf-lib may still
    // read its fields, and the verifier reports the file as unreadable.
    if (error instanceof PdfFormatError) return undefined;
    throw error;
  }
  let longest: number | undefined;
  for (const signature of signatures) {
    if (signature.kind !== 'signature' || !signature.reachable || signature.revisionIndex < 0)
      continue;
    const [start, , second, secondLength] = signature.byteRange;
    if (start !== 0 || second === undefined || secondLength === undefined) continue;
    const end = second + secondLength;
    if (end > bytes.length) continue;
    if (longest === undefined || end > longest) longest = end;
  }
  return longest;
}
