import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../errors/index.js';
import { verifyTimestampToken } from '../../signature/timestamp/verify-timestamp.js';
import { rawOf } from '../../signature/x509/asn1.js';
import { CMS_OID } from './cms-oids.js';
import type { TimestampRequest } from './timestamp-request.js';
import { toArrayBuffer } from './to-array-buffer.js';

/** PKIStatus values (RFC 3161 §2.4.2) by number, for messages; 0 and 1 mean a token was granted. */
const PKI_STATUS = [
  'granted',
  'grantedWithMods',
  'rejection',
  'waiting',
  'revocationWarning',
  'revocationNotification',
] as const;
const GRANTED_WITH_MODS = 1;

/** PKIFailureInfo bit names (RFC 3161 §2.4.2), by bit number. */
const FAILURE_BITS: Readonly<Record<number, string>> = {
  0: 'badAlg',
  2: 'badRequest',
  5: 'badDataFormat',
  14: 'timeNotAvailable',
  15: 'unacceptedPolicy',
  16: 'unacceptedExtension',
  17: 'addInfoNotAvailable',
  25: 'systemFailure',
};

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

function failureNames(bits: asn1js.BitString | undefined): string[] {
  if (!bits) return [];
  const bytes = bits.valueBlock.valueHexView;
  const names: string[] = [];
  for (const [bit, name] of Object.entries(FAILURE_BITS)) {
    const byte = bytes[Math.floor(Number(bit) / 8)] ?? 0;
    if (byte & (0x80 >> (Number(bit) % 8))) names.push(name);
  }
  return names;
}

function refusal(status: pkijs.PKIStatusInfo): string {
  const name = PKI_STATUS[status.status] ?? `status ${status.status}`;
  const text = (status.statusStrings ?? []).map((s) => s.valueBlock.value).join('; ');
  const failures = failureNames(status.failInfo);
  return [name, text, failures.length > 0 ? `failure: ${failures.join(', ')}` : '']
    .filter(Boolean)
    .join(' — ');
}

/**
 * Checks a TimeStampResp against the request it answers and returns the token's own bytes (as
 * the TSA sent them, never re-encoded). Every check failing is an AppError SEAL_TSA_FAILED that
 * says which: granted status, our nonce echoed, our message imprint, the token's CMS signature
 * by the certificate it carries, and that certificate's timeStamping purpose.
 */
export function checkTimestampResponse(
  responseDer: Uint8Array,
  request: TimestampRequest,
  tsaName: string,
): Uint8Array {
  const fail = (problem: string, cause?: unknown): AppError =>
    new AppError('SEAL_TSA_FAILED', `the time-stamping authority ${tsaName} ${problem}`, {
      details: { tsa: tsaName },
      ...(cause === undefined ? {} : { cause }),
    });

  let response: pkijs.TimeStampResp;
  let tokenElement: asn1js.AsnType | undefined;
  try {
    const parsed = asn1js.fromBER(toArrayBuffer(responseDer));
    if (parsed.offset === -1) throw new Error(parsed.result.error);
    response = new pkijs.TimeStampResp({ schema: parsed.result });
    tokenElement = (parsed.result as asn1js.Sequence).valueBlock.value[1];
  } catch (error) {
    throw fail('answered with something that is not a TimeStampResp', error);
  }
  if (response.status.status > GRANTED_WITH_MODS) {
    throw fail(`refused to time-stamp: ${refusal(response.status)}`);
  }
  if (!response.timeStampToken || !tokenElement) {
    throw fail('granted the request but sent no token');
  }
  const token = rawOf(tokenElement);

  let tstInfo: pkijs.TSTInfo;
  try {
    if (response.timeStampToken.contentType !== CMS_OID.signedData)
      throw new Error('not SignedData');
    const signedData = new pkijs.SignedData({ schema: response.timeStampToken.content });
    const eContent = signedData.encapContentInfo.eContent;
    if (signedData.encapContentInfo.eContentType !== CMS_OID.tstInfo || !eContent) {
      throw new Error('no TSTInfo inside');
    }
    tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  } catch (error) {
    throw fail('sent a token whose TSTInfo cannot be read', error);
  }
  const nonce = tstInfo.nonce?.valueBlock.valueHexView;
  if (!nonce || !bytesEqual(nonce, request.nonce)) {
    throw fail('did not echo our nonce: the answer is not for this request');
  }
  const imprint = tstInfo.messageImprint;
  if (
    imprint.hashAlgorithm.algorithmId !== request.digestOid ||
    !bytesEqual(imprint.hashedMessage.valueBlock.valueHexView, request.hashedMessage)
  ) {
    throw fail('time-stamped another message imprint than the one we sent');
  }

  // The verifier's own check: the CMS signature holds with the TSA certificate in the token, the
  // content is a TSTInfo over our imprint, and the certificate has the timeStamping purpose.
  const verification = verifyTimestampToken(token, () => request.hashedMessage);
  if (!verification.ok) {
    const problem = verification.checks.find(
      (c) => c.status === 'failed' || c.status === 'indeterminate',
    );
    throw fail(`sent a token that does not verify: ${problem?.detail ?? 'unknown reason'}`);
  }
  return token;
}
