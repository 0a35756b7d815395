import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_OID } from './digest-algorithms.js';
import { SIGNATURE_OID } from './cms-oids.js';
import type { SignatureAlgorithmName } from './signer.js';

/** The OID that names each scheme in SignerInfo.signatureAlgorithm. */
export const SIGNATURE_ALGORITHM_OID: Readonly<Record<SignatureAlgorithmName, string>> = {
  'rsa-pkcs1-sha256': SIGNATURE_OID.sha256WithRsaEncryption,
  'ecdsa-sha256': SIGNATURE_OID.ecdsa.sha256,
};

/** The digest every seal uses: SHA-256, the baseline of ETSI TS 119 312 for a long time ahead. */
export const SEAL_DIGEST = 'sha256';
export const SEAL_DIGEST_OID = DIGEST_OID[SEAL_DIGEST];

/**
 * RSA identifiers carry explicit NULL parameters (RFC 4055 §5); ECDSA ones carry none
 * (RFC 5758 §3.2). Getting this wrong makes strict verifiers such as NSS reject the signature.
 */
export function signatureAlgorithmIdentifier(
  name: SignatureAlgorithmName,
): pkijs.AlgorithmIdentifier {
  const algorithmId = SIGNATURE_ALGORITHM_OID[name];
  return name === 'rsa-pkcs1-sha256'
    ? new pkijs.AlgorithmIdentifier({ algorithmId, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId });
}
