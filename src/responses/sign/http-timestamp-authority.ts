import { AppError } from '../../errors/index.js';
import { checkTimestampResponse } from './check-timestamp-response.js';
import type { HttpPost, TimestampAuthority } from './timestamp-authority.js';
import { createTimestampRequest, TIMESTAMP_QUERY_CONTENT_TYPE } from './timestamp-request.js';

/**
 * A TSA answers in well under a second; ten seconds rides out a slow network, while a hung TSA
 * fails the sealing job soon enough for it to be retried instead of holding a worker.
 */
export const TSA_TIMEOUT_MS = 10_000;

/** The TSA's origin only: a URL may carry credentials, which must not reach logs or errors. */
function tsaNameOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new AppError('SEAL_FAILED', 'the time-stamping authority URL is not a valid URL');
  }
}

/** RFC 3161 over HTTP (§3.4) with SHA-256 message imprints, every answer checked before use. */
export function httpTimestampAuthority(
  url: string,
  post: HttpPost,
  options: { timeoutMs?: number } = {},
): TimestampAuthority {
  const timeoutMs = options.timeoutMs ?? TSA_TIMEOUT_MS;
  const tsaName = tsaNameOf(url);
  return {
    async timestamp(messageImprint) {
      const request = createTimestampRequest('sha256', messageImprint);
      let response: Uint8Array;
      try {
        response = await post(url, request.der, TIMESTAMP_QUERY_CONTENT_TYPE, timeoutMs);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError(
          'SEAL_TSA_FAILED',
          `the time-stamping authority ${tsaName} did not answer: ${reason}`,
          { details: { tsa: tsaName }, cause: error },
        );
      }
      return checkTimestampResponse(response, request, tsaName);
    },
  };
}
