import { createHash, createPrivateKey, constants, sign as nodeSign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_LENGTH, DIGEST_OID, type SigningDigest } from './digest-algorithms.js';
import { toArrayBuffer } from './pem.js';

/**
 * The parts of a CMS SignerInfo that the detached CAdES signer and the time-stamping authority
 * share: algorithm identifiers, the signing-certificate-v2 attribute, DER-sorted signed
 * attributes, and the signature itself made by node:crypto over their DER.
 */

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

const SIGNATURE_OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecdsa: {
    sha256: '1.2.840.10045.4.3.2',
    sha384: '1.2.840.10045.4.3.3',
    sha512: '1.2.840.10045.4.3.4',
  },
} as const;

export interface SignerCredentials {
  certPem: string;
  keyPem: string;
}

/** Digest identifiers with absent parameters, as RFC 5754 prefers and openssl writes. */
export function digestAlgorithmIdentifier(digest: SigningDigest): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OID[digest] });
}

export function attribute(type: string, value: asn1js.BaseBlock): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer's certificate. The
 * hash algorithm is left out when it is SHA-256, because DER omits DEFAULT values.
 */
export function signingCertificateV2Attribute(
  certificate: pkijs.Certificate,
  digest: SigningDigest,
): pkijs.Attribute {
  const certHash = createHash(digest)
    .update(new Uint8Array(certificate.toSchema().toBER()))
    .digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new pkijs.GeneralName({ type: 4, value: certificate.issuer }).toSchema()],
      }),
      certificate.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      ...(digest === 'sha256' ? [] : [digestAlgorithmIdentifier(digest).toSchema()]),
      new asn1js.OctetString({ valueHex: toArrayBuffer(certHash) }),
      issuerSerial,
    ],
  });
  return attribute(
    CMS_OID.signingCertificateV2,
    new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] }),
  );
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
 * A version-1 SignerInfo (issuerAndSerialNumber) whose signature covers the DER SET OF the
 * signed attributes. DER wants a SET OF sorted by encoding, so they are sorted before encoding.
 */
export function createSignerInfo(request: SignerInfoRequest): pkijs.SignerInfo {
  const encoded = request.signedAttributes.map((a) => ({
    attribute: a,
    der: Buffer.from(a.toSchema().toBER()),
  }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  const sorted = encoded.map((e) => e.attribute);
  const setForSignature = new asn1js.Set({ value: sorted.map((a) => a.toSchema()) }).toBER();
  const scheme = signatureScheme(request.keyPem, request.digest, request.pss);
  const signature = scheme.sign(new Uint8Array(setForSignature));
  return new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: request.certificate.issuer,
      serialNumber: request.certificate.serialNumber,
    }),
    digestAlgorithm: digestAlgorithmIdentifier(request.digest),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted }),
    signatureAlgorithm: scheme.algorithm,
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
}

export interface SignedDataRequest {
  eContentType: string;
  /** Absent for a detached signature. */
  eContent?: Uint8Array;
  digest: SigningDigest;
  signerInfo: pkijs.SignerInfo;
  certificates: pkijs.Certificate[];
}

/** DER ContentInfo wrapping the SignedData (RFC 5652 5.1; version 3 for non-id-data content). */
export function encodeSignedData(request: SignedDataRequest): Uint8Array {
  const signedData = new pkijs.SignedData({
    version: request.eContentType === CMS_OID.data ? 1 : 3,
    digestAlgorithms: [digestAlgorithmIdentifier(request.digest)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: request.eContentType,
      ...(request.eContent
        ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(request.eContent) }) }
        : {}),
    }),
    signerInfos: [request.signerInfo],
    ...(request.certificates.length > 0 ? { certificates: request.certificates } : {}),
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: CMS_OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

export function parseCertificateDer(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}
