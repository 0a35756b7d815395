import { createHash } from 'node:crypto';

/**
 * SHA-256 of a message's body (everything after the header block). Mail delivered twice differs
 * in its trace headers (Received, Delivered-To, Return-Path) but not in its body, so Message-ID +
 * this key recognise the same mail seen again.
 */
export function contentKey(raw: Uint8Array): string {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const end =
    crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf !== -1 ? lf + 2 : bytes.length;
  return createHash('sha256').update(bytes.subarray(end)).digest('hex');
}
