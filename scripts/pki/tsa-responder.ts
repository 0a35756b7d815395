import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  attribute,
  CMS_OID,
  createSignerInfo,
  encodeSignedData,
  parseCertificateDer,
  signingCertificateV2Attribute,
} from './cms-signer-info.js';
import { TEST_POLICY_OID } from './certificate-profiles.js';
import { digestNameOfOid, DIGEST_LENGTH, type SigningDigest } from './digest-algorithms.js';
import { toArrayBuffer } from './pem.js';
import type { PkiCredential } from './test-pki-types.js';

/**
 * An RFC 3161 time-stamping authority built on pkijs rather than `openssl ts -reply`, because
 * tests need to set the clock (a token "from last week") and openssl always stamps "now".
 * `openssl ts -verify` accepts its tokens; the integration tests check exactly that.
 */

/** PKIFailureInfo bit numbers (RFC 3161 2.4.2) for the refusals this TSA can give. */
const FAILURE_BIT = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15 } as const;
type Failure = keyof typeof FAILURE_BIT;
/** PKIStatus: granted (0) or rejection (2). */
const STATUS = { granted: 0, rejection: 2 } as const;
/** A stated accuracy of one second, which is what genTime's whole-second resolution can honour. */
const ACCURACY_SECONDS = 1;
/** The TSA signs with SHA-256 whatever the imprint's hash: one less variable in the fixture. */
const TSA_DIGEST: SigningDigest = 'sha256';
const SERIAL_BYTES = 16;

export interface TsaOptions {
  /** The time to put in genTime; default the real clock. */
  clock?: () => Date;
}

function failureInfo(failure: Failure): asn1js.BitString {
  const bit = FAILURE_BIT[failure];
  const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
  bytes[bytes.length - 1] = 0x80 >> (bit % 8);
  // DER drops trailing zero bits of a named-bit list, so the last set bit ends the string.
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: 7 - (bit % 8) });
}

function response(status: asn1js.Sequence, token?: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(
    new asn1js.Sequence({ value: [status, ...(token ? [token] : [])] }).toBER(false),
  );
}

function rejection(failure: Failure, text: string): Uint8Array {
  return response(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: STATUS.rejection }),
        new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: text })] }),
        failureInfo(failure),
      ],
    }),
  );
}

/** A positive serial of fixed size: the top byte is kept in 0x40-0x7f so DER needs no 00 pad. */
function randomSerial(): asn1js.Integer {
  const bytes = randomBytes(SERIAL_BYTES);
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return new asn1js.Integer({ valueHex: toArrayBuffer(bytes) });
}

/** Answers one DER TimeStampReq with a DER TimeStampResp. */
export function answerTimestampRequest(
  tsa: PkiCredential,
  requestDer: Uint8Array,
  options: TsaOptions = {},
): Uint8Array {
  let request: pkijs.TimeStampReq;
  try {
    request = pkijs.TimeStampReq.fromBER(toArrayBuffer(requestDer));
  } catch {
    return rejection('badDataFormat', 'not a TimeStampReq');
  }
  const imprintDigest = digestNameOfOid(request.messageImprint.hashAlgorithm.algorithmId);
  if (!imprintDigest) return rejection('badAlg', 'unsupported imprint hash algorithm');
  if (
    request.messageImprint.hashedMessage.valueBlock.valueHexView.length !==
    DIGEST_LENGTH[imprintDigest]
  ) {
    return rejection('badDataFormat', 'imprint length does not match its hash algorithm');
  }
  if (request.reqPolicy !== undefined && request.reqPolicy !== TEST_POLICY_OID.timeStamping) {
    return rejection(
      'unacceptedPolicy',
      `this TSA only issues under ${TEST_POLICY_OID.timeStamping}`,
    );
  }
  if (request.extensions && request.extensions.length > 0) {
    return rejection('badRequest', 'no request extensions are supported');
  }

  const genTime = (options.clock ?? (() => new Date()))();
  // Whole seconds: RFC 3161 forbids trailing zeros in fractions, and the accuracy is a second.
  genTime.setUTCMilliseconds(0);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: TEST_POLICY_OID.timeStamping,
    messageImprint: request.messageImprint,
    serialNumber: randomSerial(),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: ACCURACY_SECONDS }),
    ...(request.nonce ? { nonce: request.nonce } : {}),
  });
  const tstInfoDer = new Uint8Array(tstInfo.toSchema().toBER(false));
  const certificate = parseCertificateDer(tsa.certDer);
  const signerInfo = createSignerInfo({
    certificate,
    keyPem: tsa.keyPem,
    digest: TSA_DIGEST,
    pss: false,
    signedAttributes: [
      attribute(CMS_OID.contentType, new asn1js.ObjectIdentifier({ value: CMS_OID.tstInfo })),
      attribute(
        CMS_OID.messageDigest,
        new asn1js.OctetString({
          valueHex: toArrayBuffer(createHash(TSA_DIGEST).update(tstInfoDer).digest()),
        }),
      ),
      signingCertificateV2Attribute(certificate, TSA_DIGEST),
    ],
  });
  const tokenDer = encodeSignedData({
    eContentType: CMS_OID.tstInfo,
    eContent: tstInfoDer,
    digest: TSA_DIGEST,
    signerInfo,
    certificates: request.certReq === true ? [certificate] : [],
  });
  return response(
    new asn1js.Sequence({ value: [new asn1js.Integer({ value: STATUS.granted })] }),
    asn1js.fromBER(toArrayBuffer(tokenDer)).result,
  );
}
