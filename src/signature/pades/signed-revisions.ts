import { createHash } from 'node:crypto';
import { analysePdf } from './analyse-pdf.js';

/**
 * SHA-256 of each prefix a PDF signature covers (from byte 0 to the end of its ByteRange), in
 * document order. A document that went through several hands keeps each earlier signed version
 * as such a prefix: the agency recognises its own sealed act inside the countersigned one by this
 * hash. Only well-formed two-range ByteRanges starting at 0 count; an unreadable PDF has none.
 */
export function signedRevisionHashes(bytes: Uint8Array): string[] {
  let signatures;
  try {
    signatures = analysePdf(bytes).signatures;
  } catch {
    return [];
  }
  const hashes: string[] = [];
  for (const s of signatures) {
    const [start, , second, secondLength] = s.byteRange;
    if (start !== 0 || second === undefined || secondLength === undefined) continue;
    const end = second + secondLength;
    if (end > bytes.length) continue;
    hashes.push(createHash('sha256').update(bytes.subarray(0, end)).digest('hex'));
  }
  return hashes;
}
