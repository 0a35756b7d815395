import * as asn1js from 'asn1js';
import { toArrayBuffer } from './pem.js';

export interface PdfSignatureParts {
  byteRange: [number, number, number, number];
  /** The bytes the signature covers, concatenated. */
  signedBytes: Uint8Array;
  /** The DER CMS from /Contents, without the zero padding. */
  cms: Uint8Array;
}

/**
 * Pulls the last signature's ByteRange and CMS out of a signed PDF by plain text search: enough
 * for checking fixtures made by `makeSignedPdf`, not a PDF parser for untrusted input.
 */
export function readLastPdfSignature(pdf: Uint8Array): PdfSignatureParts {
  const text = Buffer.from(pdf).toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches.at(-1);
  if (!last) throw new Error('no /ByteRange in this PDF');
  const byteRange = [last[1], last[2], last[3], last[4]].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const [a, b, c, d] = byteRange;
  const signedBytes = new Uint8Array(
    Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
  );
  const hex = text.slice(a + b + 1, c - 1);
  const padded = new Uint8Array(Buffer.from(hex, 'hex'));
  // The DER header says how long the CMS is; the rest of the placeholder is zero padding.
  const parsed = asn1js.fromBER(toArrayBuffer(padded));
  if (parsed.offset === -1) throw new Error('/Contents does not hold DER');
  return { byteRange, signedBytes, cms: padded.subarray(0, parsed.offset) };
}
