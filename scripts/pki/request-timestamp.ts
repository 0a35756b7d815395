import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digestAlgorithmIdentifier } from './cms-signer-info.js';
import type { SigningDigest } from './digest-algorithms.js';
import { toArrayBuffer } from './pem.js';

/** A loopback TSA answers in milliseconds; a hung one should fail the test, not stall it. */
const TSA_TIMEOUT_MS = 10_000;
/** 64 random bits: plenty to make a replayed response fail the nonce comparison. */
const NONCE_BYTES = 8;

export interface TimestampRequest {
  tsaUrl: string;
  /** The bytes to time-stamp (for CAdES-T: the SignatureValue). */
  data: Uint8Array;
  digest: SigningDigest;
}

/**
 * Asks an RFC 3161 TSA for a token over `data` (with a nonce and certReq) and returns the
 * TimeStampToken (a DER ContentInfo). Throws if the TSA refuses or echoes the wrong nonce.
 */
export async function requestTimestampToken(request: TimestampRequest): Promise<Uint8Array> {
  const nonceBytes = randomBytes(NONCE_BYTES);
  nonceBytes[0] = ((nonceBytes[0] ?? 0) & 0x3f) | 0x40; // positive, minimal DER
  const nonce = new asn1js.Integer({ valueHex: toArrayBuffer(nonceBytes) });
  const query = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: digestAlgorithmIdentifier(request.digest),
      hashedMessage: new asn1js.OctetString({
        valueHex: toArrayBuffer(createHash(request.digest).update(request.data).digest()),
      }),
    }),
    nonce,
    certReq: true,
  });
  const reply = await fetch(request.tsaUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query' },
    body: new Uint8Array(query.toSchema().toBER(false)),
    signal: AbortSignal.timeout(TSA_TIMEOUT_MS),
  });
  if (!reply.ok) throw new Error(`TSA ${request.tsaUrl} answered HTTP ${reply.status}`);
  const response = pkijs.TimeStampResp.fromBER(await reply.arrayBuffer());
  if (response.status.status > 1 || !response.timeStampToken) {
    throw new Error(`TSA ${request.tsaUrl} refused: status ${response.status.status}`);
  }
  const signedData = new pkijs.SignedData({ schema: response.timeStampToken.content });
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw new Error('time-stamp token without TSTInfo');
  const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  if (!tstInfo.nonce || !Buffer.from(tstInfo.nonce.valueBlock.valueHexView).equals(nonceBytes)) {
    throw new Error('TSA did not echo our nonce');
  }
  return new Uint8Array(response.timeStampToken.toSchema().toBER(false));
}
