import { createPrivateKey, constants, sign as nodeSign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SIGNATURE_OID } from '../../src/responses/sign/cms-oids.js';
import {
  assembleSignerInfo,
  digestAlgorithmIdentifier,
  encodeSignedAttributes,
} from '../../src/responses/sign/cms-signer-info.js';
import { DIGEST_LENGTH, type SigningDigest } from './digest-algorithms.js';

/**
 * The test PKI's signers and its time-stamping authority sign with PEM keys, synchronously, and
 * with more schemes than the agency's seal (RSA-PSS, SHA-384/512). Everything generic about a
 * SignerInfo — attributes, their DER order, the assembly — is the production code in src.
 */

export { CMS_OID } from '../../src/responses/sign/cms-oids.js';
export {
  attribute,
  digestAlgorithmIdentifier,
  parseCertificateDer,
  signingCertificateV2Attribute,
} from '../../src/responses/sign/cms-signer-info.js';
export {
  encodeSignedData,
  type SignedDataRequest,
} from '../../src/responses/sign/cms-signed-data.js';

export interface SignerCredentials {
  certPem: string;
  keyPem: string;
}

/** The algorithm identifier and the signing function for one key. */
function signatureScheme(
  keyPem: string,
  digest: SigningDigest,
  pss: boolean,
): { algorithm: pkijs.AlgorithmIdentifier; sign(data: Uint8Array): Uint8Array } {
  const key = createPrivateKey(keyPem);
  if (key.asymmetricKeyType === 'ec') {
    return {
      algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SIGNATURE_OID.ecdsa[digest] }),
      // node's default ECDSA output is the DER Ecdsa-Sig-Value that CMS expects.
      sign: (data) => new Uint8Array(nodeSign(digest, data, key)),
    };
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`unsupported signer key type ${String(key.asymmetricKeyType)}`);
  }
  if (!pss) {
    return {
      algorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: SIGNATURE_OID.rsaEncryption,
        algorithmParams: new asn1js.Null(),
      }),
      sign: (data) => new Uint8Array(nodeSign(digest, data, key)),
    };
  }
  // Salt as long as the digest: what RFC 8017 recommends and what ETSI TS 119 312 expects.
  const saltLength = DIGEST_LENGTH[digest];
  const hashAlgorithm = digestAlgorithmIdentifier(digest);
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm,
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: SIGNATURE_OID.mgf1,
      algorithmParams: hashAlgorithm.toSchema(),
    }),
    saltLength,
  });
  return {
    algorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: SIGNATURE_OID.rsassaPss,
      algorithmParams: params.toSchema(),
    }),
    sign: (data) =>
      new Uint8Array(
        nodeSign(digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
      ),
  };
}

export interface SignerInfoRequest {
  certificate: pkijs.Certificate;
  keyPem: string;
  digest: SigningDigest;
  pss: boolean;
  signedAttributes: pkijs.Attribute[];
}

/**
 * A version-1 SignerInfo whose signature covers the DER SET OF the signed attributes, signed
 * synchronously with a PEM key (the test TSA answers synchronously).
 */
export function createSignerInfo(request: SignerInfoRequest): pkijs.SignerInfo {
  const signedAttributes = encodeSignedAttributes(request.signedAttributes);
  const scheme = signatureScheme(request.keyPem, request.digest, request.pss);
  return assembleSignerInfo({
    certificate: request.certificate,
    digest: request.digest,
    signedAttributes,
    signatureAlgorithm: scheme.algorithm,
    signature: scheme.sign(signedAttributes.der),
  });
}
