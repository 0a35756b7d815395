/** An RFC 3161 time-stamping authority, behind a port. */
export interface TimestampAuthority {
  /**
   * A time-stamp token over `messageImprint` (the SHA-256 digest of the data, for a CAdES
   * signature time-stamp the digest of the signature value). Returns the TimeStampToken: the
   * DER of a CMS ContentInfo. Throws AppError SEAL_TSA_FAILED when no good token can be had.
   */
  timestamp(messageImprint: Uint8Array): Promise<Uint8Array>;
}

/**
 * The network port the HTTP time-stamp client needs: POST `body` with `contentType` and return
 * the response body of a 2xx answer; reject on anything else or after `timeoutMs`.
 */
export type HttpPost = (
  url: string,
  body: Uint8Array,
  contentType: string,
  timeoutMs: number,
) => Promise<Uint8Array>;
