import { AppError } from '../../errors/index.js';

/**
 * Limits on what `addValidationData` fetches and writes. Every value is something the network or
 * a document hands us, so each has a ceiling that a legitimate seal stays far below.
 */

/**
 * New DSS streams one update may add. A seal with a four-level chain plus its TSA's chain needs
 * about a dozen (certificates, OCSP responses, CRLs), a document with several signatures a few
 * dozen; more means a looping AIA chain or a hostile document, and the letter would swell.
 */
export const MAX_DSS_NEW_ITEMS = 100;

/** An OCSP response with its responder certificate is 2–6 KB; far more is not an OCSP answer. */
export const MAX_OCSP_RESPONSE_BYTES = 64 * 1024;

/**
 * The CRL is copied into every letter. National CAs' CRLs reach a few MB; beyond 10 MB the
 * letter would become unreasonably large to mail and archive, so such a CRL is refused.
 */
export const MAX_CRL_BYTES = 10 * 1024 * 1024;

/** A CA certificate (or a small PEM bundle) from a caIssuers URL is a few KB. */
export const MAX_ISSUER_CERTIFICATE_BYTES = 64 * 1024;

/** The network or the CA let us down this time: the caller retries later. */
export const ltDataUnavailable = (message: string, cause?: unknown): AppError =>
  new AppError('SEAL_LT_DATA_UNAVAILABLE', message, cause === undefined ? {} : { cause });

/** The document or its certificates cannot be given LT data, however often we try. */
export const ltImpossible = (message: string, cause?: unknown): AppError =>
  new AppError(
    'SEAL_FAILED',
    `validation data cannot be added: ${message}`,
    cause === undefined ? {} : { cause },
  );

/** A network answer of at most `limit` bytes; a larger one is refused like a failed fetch. */
export function checkSize(bytes: Uint8Array, limit: number): Uint8Array {
  if (bytes.length > limit) throw new Error(`the answer of ${bytes.length} bytes exceeds ${limit}`);
  return bytes;
}

/** A URL for messages and logs without its query string, which may carry anything. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(unreadable URL)';
  }
}
