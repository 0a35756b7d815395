import { createPublicKey, verify as nodeVerify, constants, type KeyObject } from 'node:crypto';

/** Digest algorithm OIDs the verifier understands, with Node's names for them. */
export const DIGEST_OIDS: Readonly<Record<string, DigestName>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
export type DigestName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

type SignatureScheme = { kind: 'rsa' | 'rsa-pss' | 'ecdsa'; digest?: DigestName };

/** Signature algorithm OIDs; a missing digest means "the one named separately" (CMS digestAlgorithm). */
const SIGNATURE_OIDS: Readonly<Record<string, SignatureScheme>> = {
  '1.2.840.113549.1.1.1': { kind: 'rsa' },
  '1.2.840.113549.1.1.5': { kind: 'rsa', digest: 'sha1' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', digest: 'sha224' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', digest: 'sha512' },
  '1.2.840.113549.1.1.10': { kind: 'rsa-pss' },
  '1.2.840.10045.2.1': { kind: 'ecdsa' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', digest: 'sha1' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', digest: 'sha224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', digest: 'sha512' },
};

export class UnsupportedAlgorithm extends Error {
  override readonly name = 'UnsupportedAlgorithm';
}

export function digestNameOf(oid: string): DigestName {
  const name = DIGEST_OIDS[oid];
  if (!name) throw new UnsupportedAlgorithm(`digest algorithm ${oid} is not supported`);
  return name;
}

export interface PssParameters {
  digest: DigestName;
  saltLength: number;
}

export interface SignatureValueInput {
  /** signatureAlgorithm OID (CMS SignerInfo.signatureAlgorithm, certificate, OCSP, CRL). */
  algorithmOid: string;
  /** Needed when the algorithm OID names no digest (rsaEncryption, ecPublicKey). */
  digestOid?: string | undefined;
  pss?: PssParameters | undefined;
  spki: Uint8Array | KeyObject;
  data: Uint8Array;
  signature: Uint8Array;
  /** XML-DSig ECDSA values are r||s; CMS and X.509 use DER. */
  ecdsaEncoding?: 'der' | 'ieee-p1363';
}

/** Verifies one signature value; returns false for a wrong value, throws for an unknown algorithm. */
export function verifySignatureValue(input: SignatureValueInput): boolean {
  const scheme = SIGNATURE_OIDS[input.algorithmOid];
  if (!scheme)
    throw new UnsupportedAlgorithm(`signature algorithm ${input.algorithmOid} is not supported`);
  const key =
    input.spki instanceof Uint8Array
      ? createPublicKey({ key: Buffer.from(input.spki), format: 'der', type: 'spki' })
      : input.spki;
  if (scheme.kind === 'rsa-pss') {
    if (!input.pss) throw new UnsupportedAlgorithm('RSASSA-PSS without parameters');
    return nodeVerify(
      input.pss.digest,
      input.data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: input.pss.saltLength },
      input.signature,
    );
  }
  const digest = scheme.digest ?? (input.digestOid ? digestNameOf(input.digestOid) : undefined);
  if (!digest)
    throw new UnsupportedAlgorithm(
      `signature algorithm ${input.algorithmOid} needs a digest algorithm`,
    );
  if (scheme.kind === 'ecdsa') {
    return nodeVerify(
      digest,
      input.data,
      { key, dsaEncoding: input.ecdsaEncoding ?? 'der' },
      input.signature,
    );
  }
  return nodeVerify(
    digest,
    input.data,
    { key, padding: constants.RSA_PKCS1_PADDING },
    input.signature,
  );
}

/** The digest a signature algorithm uses (for strength checks); undefined when named separately. */
export function signatureDigestOf(
  algorithmOid: string,
  digestOid?: string,
  pss?: PssParameters,
): DigestName | undefined {
  const scheme = SIGNATURE_OIDS[algorithmOid];
  if (scheme?.kind === 'rsa-pss') return pss?.digest;
  return scheme?.digest ?? (digestOid ? DIGEST_OIDS[digestOid] : undefined);
}
