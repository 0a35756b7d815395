import * as pkijs from 'pkijs';
import { answerTimestampRequest } from '../../../../scripts/pki/tsa-responder.js';
import { checkTimestampResponse } from '../../../../src/responses/sign/check-timestamp-response.js';
import type { HttpPost, TimestampAuthority } from '../../../../src/responses/sign/index.js';
import { createTimestampRequest } from '../../../../src/responses/sign/timestamp-request.js';
import type { Throwaway } from './throwaway-pki.js';

/**
 * In-memory stand-ins for a time-stamping authority. Tokens are real RFC 3161 tokens signed by a
 * throwaway TSA (the test PKI's responder), so what the code under test embeds can be verified.
 */

/** A TimestampAuthority that records the imprints it was asked to stamp. */
export function fakeTimestampAuthority(
  tsa: Throwaway,
): TimestampAuthority & { imprints: Uint8Array[] } {
  const imprints: Uint8Array[] = [];
  return {
    imprints,
    async timestamp(imprint) {
      imprints.push(imprint);
      const request = createTimestampRequest('sha256', imprint);
      return checkTimestampResponse(answerTimestampRequest(tsa, request.der), request, 'fake TSA');
    },
  };
}

export interface PostCall {
  url: string;
  contentType: string;
  timeoutMs: number;
}

/**
 * An HttpPost answered by the throwaway TSA. `tamper` edits the request before the TSA sees it,
 * which is how a test makes the TSA answer for another nonce or imprint than the client sent.
 */
export function fakeTsaPost(
  tsa: Throwaway,
  tamper?: (request: pkijs.TimeStampReq) => void,
): HttpPost & { calls: PostCall[] } {
  const calls: PostCall[] = [];
  const post = async (
    url: string,
    body: Uint8Array,
    contentType: string,
    timeoutMs: number,
  ): Promise<Uint8Array> => {
    calls.push({ url, contentType, timeoutMs });
    let der = body;
    if (tamper) {
      const request = pkijs.TimeStampReq.fromBER(new Uint8Array(body).buffer);
      tamper(request);
      der = new Uint8Array(request.toSchema().toBER(false));
    }
    return answerTimestampRequest(tsa, der);
  };
  return Object.assign(post, { calls });
}
