import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { failed, passed, warning, type Check } from '../check.js';
import { DIGEST_OIDS, type DigestName } from '../crypto/algorithms.js';
import { CONTENT_TYPE } from '../cms/attributes.js';
import { verifyCms, type CmsVerification } from '../cms/verify-cms.js';
import { bytesOf, parseDer } from '../x509/asn1.js';
import { OID, type Certificate } from '../x509/certificate.js';

export interface TimestampVerification {
  /** The token's own cryptography holds and it is over the expected bytes. */
  ok: boolean;
  genTime?: Date;
  tsaCertificate?: Certificate;
  certificates: Certificate[];
  checks: Check[];
  cms: CmsVerification;
  imprintDigest?: DigestName;
}

/**
 * Verifies an RFC 3161 time-stamp token: the CMS signature of the TSA, the TSTInfo content, the
 * TSA certificate's purpose, and that the message imprint is the hash of `imprintInput` (the
 * signature value, the canonical XAdES SignatureValue, or the document's bytes).
 */
export function verifyTimestampToken(
  token: Uint8Array,
  imprintInput: Uint8Array | ((digest: DigestName) => Uint8Array),
  extraCertificates: readonly Certificate[] = [],
): TimestampVerification {
  const cms = verifyCms(token, { kind: 'encapsulated' }, extraCertificates);
  const result: TimestampVerification = {
    ok: false,
    certificates: cms.certificates,
    checks: cms.checks.map((c) => ({ ...c, name: c.name.replace(/^cms\./, 'timestamp.cms.') })),
    cms,
  };
  if (cms.signerCertificate) result.tsaCertificate = cms.signerCertificate;
  if (!cms.ok || !cms.eContent) return result;
  if (cms.eContentType !== CONTENT_TYPE.tstInfo) {
    result.checks.push(
      failed(
        'timestamp.content',
        `the token's content type ${cms.eContentType ?? '?'} is not TSTInfo`,
      ),
    );
    return result;
  }
  let tstInfo: pkijs.TSTInfo;
  try {
    tstInfo = new pkijs.TSTInfo({ schema: parseDer(cms.eContent, 'TSTInfo') });
  } catch (error) {
    result.checks.push(
      failed(
        'timestamp.content',
        `TSTInfo cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    return result;
  }
  result.genTime = tstInfo.genTime;
  const digest = DIGEST_OIDS[tstInfo.messageImprint.hashAlgorithm.algorithmId];
  if (!digest) {
    result.checks.push(
      failed(
        'timestamp.imprint',
        `unsupported imprint hash ${tstInfo.messageImprint.hashAlgorithm.algorithmId}`,
      ),
    );
    return result;
  }
  result.imprintDigest = digest;
  const expected =
    typeof imprintInput === 'function'
      ? imprintInput(digest)
      : createHash(digest).update(imprintInput).digest();
  const actual = bytesOf(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!Buffer.from(expected).equals(Buffer.from(actual))) {
    result.checks.push(
      failed(
        'timestamp.imprint',
        'the time-stamp is not over the signed data (message imprint mismatch)',
      ),
    );
    return result;
  }
  result.checks.push(
    passed(
      'timestamp.imprint',
      `the time-stamp covers the expected bytes (${digest.toUpperCase()})`,
    ),
  );
  const tsa = cms.signerCertificate;
  if (tsa) {
    if (!tsa.extendedKeyUsage.includes(OID.ekuTimeStamping)) {
      result.checks.push(
        failed(
          'timestamp.tsa-purpose',
          `the time-stamp signer ${tsa.subject} is not a time-stamping authority (no timeStamping key purpose)`,
        ),
      );
      return result;
    }
    result.checks.push(
      tsa.ekuCritical && tsa.extendedKeyUsage.length === 1
        ? passed('timestamp.tsa-purpose', 'the signer is a time-stamping authority')
        : warning(
            'timestamp.tsa-purpose',
            "the TSA certificate's key purpose is not exclusive and critical as RFC 3161 asks",
          ),
    );
  }
  result.ok = true;
  return result;
}
