import { createHash } from 'node:crypto';
import { httpPost } from '../../src/adapters/http-post.js';
import { checkTimestampResponse } from '../../src/responses/sign/check-timestamp-response.js';
import {
  createTimestampRequest,
  TIMESTAMP_QUERY_CONTENT_TYPE,
} from '../../src/responses/sign/timestamp-request.js';
import type { SigningDigest } from './digest-algorithms.js';

/** A loopback TSA answers in milliseconds; a hung one should fail the test, not stall it. */
const TSA_TIMEOUT_MS = 10_000;

export interface TimestampRequest {
  tsaUrl: string;
  /** The bytes to time-stamp (for CAdES-T: the SignatureValue). */
  data: Uint8Array;
  digest: SigningDigest;
}

/**
 * Asks an RFC 3161 TSA for a token over `data` (with a nonce and certReq) and returns the
 * TimeStampToken (a DER ContentInfo). The request and the checks of the answer are the agency's
 * production client's; only the imprint's digest is free here, for fixtures that need SHA-384.
 */
export async function requestTimestampToken(request: TimestampRequest): Promise<Uint8Array> {
  const query = createTimestampRequest(
    request.digest,
    new Uint8Array(createHash(request.digest).update(request.data).digest()),
  );
  const reply = await httpPost(
    request.tsaUrl,
    query.der,
    TIMESTAMP_QUERY_CONTENT_TYPE,
    TSA_TIMEOUT_MS,
  );
  return checkTimestampResponse(reply, query, new URL(request.tsaUrl).origin);
}
