import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CMS_OID } from './cms-oids.js';
import { DIGEST_OID, type SigningDigest } from './digest-algorithms.js';
import { toArrayBuffer } from './to-array-buffer.js';

/**
 * The parts of a CMS SignerInfo (RFC 5652 §5.3) that every signer here shares — the agency's
 * seal, the test PKI's signers and its time-stamping authority: algorithm identifiers, the
 * signing-certificate-v2 attribute, DER-sorted signed attributes, and the assembled SignerInfo.
 * Making the signature value itself is left to the caller, because a key may sit in an HSM.
 */

/** Digest identifiers with absent parameters, as RFC 5754 prefers and openssl writes. */
export function digestAlgorithmIdentifier(digest: SigningDigest): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OID[digest] });
}

export function attribute(type: string, value: asn1js.BaseBlock): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** The two attributes every CMS signature with signed attributes must carry (RFC 5652 §11). */
export function contentAttributes(
  contentType: string,
  contentDigest: Uint8Array,
): pkijs.Attribute[] {
  return [
    attribute(CMS_OID.contentType, new asn1js.ObjectIdentifier({ value: contentType })),
    attribute(
      CMS_OID.messageDigest,
      new asn1js.OctetString({ valueHex: toArrayBuffer(contentDigest) }),
    ),
  ];
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

export interface SignedAttributes {
  /** In DER order. */
  readonly attributes: readonly pkijs.Attribute[];
  /** The DER SET OF them: exactly the bytes the signature value is computed over (§5.4). */
  readonly der: Uint8Array;
}

/** DER wants a SET OF sorted by encoding; a verifier re-encodes them, so the order must be right. */
export function encodeSignedAttributes(attributes: readonly pkijs.Attribute[]): SignedAttributes {
  const encoded = attributes.map((a) => ({
    attribute: a,
    der: Buffer.from(a.toSchema().toBER()),
  }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  const sorted = encoded.map((e) => e.attribute);
  const der = new asn1js.Set({ value: sorted.map((a) => a.toSchema()) }).toBER();
  return { attributes: sorted, der: new Uint8Array(der) };
}

export interface SignerInfoParts {
  certificate: pkijs.Certificate;
  digest: SigningDigest;
  signedAttributes: SignedAttributes;
  signatureAlgorithm: pkijs.AlgorithmIdentifier;
  /** The signature value over `signedAttributes.der`. */
  signature: Uint8Array;
  /** E.g. the signature time-stamp, which can only be made once the signature value exists. */
  unsignedAttributes?: readonly pkijs.Attribute[];
}

/** A version-1 SignerInfo: the signer is named by issuerAndSerialNumber, as CAdES baseline expects. */
export function assembleSignerInfo(parts: SignerInfoParts): pkijs.SignerInfo {
  const unsigned = parts.unsignedAttributes ?? [];
  return new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: parts.certificate.issuer,
      serialNumber: parts.certificate.serialNumber,
    }),
    digestAlgorithm: digestAlgorithmIdentifier(parts.digest),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [...parts.signedAttributes.attributes],
    }),
    signatureAlgorithm: parts.signatureAlgorithm,
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(parts.signature) }),
    ...(unsigned.length > 0
      ? {
          unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 1,
            attributes: [...unsigned],
          }),
        }
      : {}),
  });
}

export function parseCertificateDer(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}
