import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../errors/index.js';
import { digestAlgorithmIdentifier } from './cms-signer-info.js';
import { DIGEST_LENGTH, DIGEST_OID, type SigningDigest } from './digest-algorithms.js';
import { toArrayBuffer } from './to-array-buffer.js';

/** 64 random bits: a replayed or misrouted answer matches our nonce with probability 2^-62. */
const NONCE_BYTES = 8;

/** RFC 3161 §3.1 and §3.4: the media type of a TimeStampReq sent over HTTP. */
export const TIMESTAMP_QUERY_CONTENT_TYPE = 'application/timestamp-query';

export interface TimestampRequest {
  /** DER of the TimeStampReq. */
  der: Uint8Array;
  /** The INTEGER content bytes of the nonce, as the answer must echo them. */
  nonce: Uint8Array;
  digestOid: string;
  hashedMessage: Uint8Array;
}

/**
 * A version-1 TimeStampReq with a random nonce and certReq set: the token then carries the TSA's
 * certificate, which we need to check its signature and which verifiers need later.
 */
export function createTimestampRequest(
  digest: SigningDigest,
  hashedMessage: Uint8Array,
): TimestampRequest {
  if (hashedMessage.length !== DIGEST_LENGTH[digest]) {
    throw new AppError(
      'SEAL_FAILED',
      `a ${digest.toUpperCase()} message imprint is ${DIGEST_LENGTH[digest]} bytes, not ${hashedMessage.length}`,
    );
  }
  const nonce = randomBytes(NONCE_BYTES);
  // Top bits 01: positive and already minimal, so DER writes exactly these bytes.
  nonce[0] = ((nonce[0] ?? 0) & 0x3f) | 0x40;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: digestAlgorithmIdentifier(digest),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(hashedMessage) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  return {
    der: new Uint8Array(request.toSchema().toBER(false)),
    nonce: new Uint8Array(nonce),
    digestOid: DIGEST_OID[digest],
    hashedMessage: new Uint8Array(hashedMessage),
  };
}
