import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError, isRetryable, type AppError } from '../../../src/errors/index.js';
import { httpTimestampAuthority, TSA_TIMEOUT_MS } from '../../../src/responses/sign/index.js';
import { verifyTimestampToken } from '../../../src/signature/timestamp/verify-timestamp.js';
import { fakeTsaPost } from './support/fake-tsa.js';
import { makeThrowaway, makeTsaCredential, type Throwaway } from './support/throwaway-pki.js';

const TSA_URL = 'https://user:secret@tsa.example.test/rfc3161';
let tsa: Throwaway;
let imprint: Uint8Array;

beforeAll(() => {
  tsa = makeTsaCredential();
  imprint = new Uint8Array(createHash('sha256').update('a signature value').digest());
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('RFC 3161 client', () => {
  it('when the TSA answers properly, then the token over our imprint comes back, asked for with nonce and certReq', async () => {
    let sent: pkijs.TimeStampReq | undefined;
    const post = fakeTsaPost(tsa, (request) => {
      sent = request;
    });

    const token = await httpTimestampAuthority(TSA_URL, post).timestamp(imprint);

    expect(post.calls).toEqual([
      { url: TSA_URL, contentType: 'application/timestamp-query', timeoutMs: TSA_TIMEOUT_MS },
    ]);
    expect(sent?.certReq).toBe(true);
    expect(sent?.nonce?.valueBlock.valueHexView).toHaveLength(8);
    expect(Buffer.from(sent?.messageImprint.hashedMessage.valueBlock.valueHexView ?? [])).toEqual(
      Buffer.from(imprint),
    );
    const verification = verifyTimestampToken(token, () => imprint);
    expect(verification.ok, JSON.stringify(verification.checks)).toBe(true);
  });

  it('passes the configured timeout to the post port', async () => {
    const post = fakeTsaPost(tsa);
    await httpTimestampAuthority(TSA_URL, post, { timeoutMs: 2_500 }).timestamp(imprint);
    expect(post.calls[0]?.timeoutMs).toBe(2_500);
  });

  it('when the answer echoes another nonce, then it is refused as not ours', async () => {
    const post = fakeTsaPost(tsa, (request) => {
      request.nonce = new asn1js.Integer({ valueHex: new Uint8Array(randomBytes(8)).buffer });
    });
    const error = await failure(httpTimestampAuthority(TSA_URL, post).timestamp(imprint));
    expect(error.code).toBe('SEAL_TSA_FAILED');
    expect(error.message).toMatch(/did not echo our nonce/);
  });

  it('when the TSA rejects the request, then the error names the status and the failure', async () => {
    // This TSA only issues under its own policy, so asking for another one gets a rejection.
    const post = fakeTsaPost(tsa, (request) => {
      request.reqPolicy = '1.2.3.4.5';
    });
    const error = await failure(httpTimestampAuthority(TSA_URL, post).timestamp(imprint));
    expect(error.code).toBe('SEAL_TSA_FAILED');
    expect(error.message).toMatch(/refused to time-stamp: rejection .*unacceptedPolicy/);
  });

  it('when the token is over another message imprint, then it is refused', async () => {
    const post = fakeTsaPost(tsa, (request) => {
      request.messageImprint.hashedMessage = new asn1js.OctetString({
        valueHex: new Uint8Array(createHash('sha256').update('something else').digest()).buffer,
      });
    });
    const error = await failure(httpTimestampAuthority(TSA_URL, post).timestamp(imprint));
    expect(error.message).toMatch(/another message imprint/);
  });

  it('when the TSA certificate lacks the timeStamping purpose, then the token is refused', async () => {
    const notATsa = makeTsaCredential(['1.3.6.1.5.5.7.3.4']);
    const error = await failure(
      httpTimestampAuthority(TSA_URL, fakeTsaPost(notATsa)).timestamp(imprint),
    );
    expect(error.message).toMatch(/does not verify: .*not a time-stamping authority/);
  });

  it("when the token's signature is not made by the certificate it carries, then it is refused", async () => {
    const impostor = { ...tsa, keyPem: makeThrowaway({ commonName: 'other key' }).keyPem };
    const error = await failure(
      httpTimestampAuthority(TSA_URL, fakeTsaPost(impostor)).timestamp(imprint),
    );
    expect(error.message).toMatch(/does not verify: .*signature value/);
  });

  it('when the post port fails, then SEAL_TSA_FAILED is retryable and names only the origin', async () => {
    const post = async (): Promise<Uint8Array> => {
      throw new Error('HTTP 503 from tsa.example.test');
    };
    const error = await failure(httpTimestampAuthority(TSA_URL, post).timestamp(imprint));
    expect(error.code).toBe('SEAL_TSA_FAILED');
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toBe(
      'the time-stamping authority https://tsa.example.test did not answer: HTTP 503 from tsa.example.test',
    );
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      'secret',
    );
  });

  it('when the answer is not a TimeStampResp, then it is refused', async () => {
    const post = async (): Promise<Uint8Array> =>
      new TextEncoder().encode('<html>proxy error</html>');
    const error = await failure(httpTimestampAuthority(TSA_URL, post).timestamp(imprint));
    expect(error.message).toMatch(/not a TimeStampResp/);
  });

  it('when the imprint is not a SHA-256 digest, then the request is not sent at all', async () => {
    const post = fakeTsaPost(tsa);
    const error = await failure(
      httpTimestampAuthority(TSA_URL, post).timestamp(new Uint8Array(20)),
    );
    expect(error.code).toBe('SEAL_FAILED');
    expect(post.calls).toEqual([]);
  });
});
