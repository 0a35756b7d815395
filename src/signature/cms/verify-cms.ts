import { constants, createHash, publicDecrypt } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { check, failed, indeterminate, passed, warning, type Check } from '../check.js';
import {
  DIGEST_OIDS,
  digestNameOf,
  UnsupportedAlgorithm,
  verifySignatureValue,
  type DigestName,
} from '../crypto/algorithms.js';
import { bytesOf, childrenOf, parseDer, rawOf, toHex } from '../x509/asn1.js';
import { parseCertificate, type Certificate } from '../x509/certificate.js';
import { parsePssParameters } from '../x509/pss.js';
import { ATTR, CONTENT_TYPE } from './attributes.js';
import { embeddedValidationData, type EmbeddedValidationData } from './embedded-validation-data.js';
import { slimSignedData, type RawAttribute } from './slim-signed-data.js';
import { cacheParameterlessSchemas } from '../x509/pkijs-schema-cache.js';

cacheParameterlessSchemas();

export type SubIndicationHint =
  | 'FORMAT_FAILURE'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'CRYPTO_CONSTRAINTS_FAILURE';

export interface CmsVerification {
  ok: boolean;
  checks: Check[];
  /** The worst failure, in ETSI EN 319 102-1 terms; absent when the cryptography holds. */
  failure?: {
    indication: 'TOTAL_FAILED' | 'INDETERMINATE';
    subIndication: SubIndicationHint;
    detail: string;
  };
  signerCertificate?: Certificate;
  certificates: Certificate[];
  digest?: DigestName;
  signatureAlgorithmOid?: string;
  signatureValue?: Uint8Array;
  claimedSigningTime?: Date;
  signingCertificateBinding: 'v2' | 'v1' | 'absent' | 'mismatch';
  signatureTimestampTokens: Uint8Array[];
  hasArchiveTimestamp: boolean;
  /** Certificates, OCSP responses and CRLs carried inside the CMS (LT data). */
  embedded: EmbeddedValidationData;
  /** For encapsulated content (time-stamp tokens): the eContent bytes. */
  eContent?: Uint8Array;
  eContentType?: string;
}

/** How the signed content is hashed: detached (the caller hashes, e.g. the PDF ByteRange) or inside. */
export type CmsContent =
  { kind: 'detached'; digest: (algorithm: DigestName) => Uint8Array } | { kind: 'encapsulated' };

/** Upper bound on certificates carried in one CMS; real ones carry a chain of 2–5. */
export const MAX_CMS_CERTIFICATES = 64;

/**
 * Verifies the cryptography of one CMS SignedData with one signer: structure, message digest,
 * signature value over the signed attributes, and the signing-certificate(-v2) binding. It does
 * not judge trust, validity periods or revocation: that is the chain's work.
 */
export function verifyCms(
  der: Uint8Array,
  content: CmsContent,
  extraCertificates: readonly Certificate[] = [],
): CmsVerification {
  const result: CmsVerification = {
    ok: false,
    checks: [],
    certificates: [],
    signingCertificateBinding: 'absent',
    signatureTimestampTokens: [],
    hasArchiveTimestamp: false,
    embedded: { certificates: [], ocsps: [], crls: [] },
  };
  const fail = (
    indication: 'TOTAL_FAILED' | 'INDETERMINATE',
    subIndication: SubIndicationHint,
    name: string,
    detail: string,
  ): CmsVerification => {
    result.checks.push(
      indication === 'TOTAL_FAILED' ? failed(name, detail) : indeterminate(name, detail),
    );
    result.failure ??= { indication, subIndication, detail };
    return result;
  };

  let signedData: pkijs.SignedData;
  let certificateDers: Uint8Array[];
  // The certificates and the unsigned attributes (time-stamp tokens) are cut out as bytes first;
  // the general decoder then reads only the small rest (see slim-signed-data.ts).
  const slim = slimSignedData(der);
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: parseDer(slim?.der ?? der, 'CMS') });
    if (contentInfo.contentType !== CONTENT_TYPE.signedData)
      return fail(
        'TOTAL_FAILED',
        'FORMAT_FAILURE',
        'cms.structure',
        `content type ${contentInfo.contentType} is not SignedData`,
      );
    // The certificates are taken out before pkijs reads the rest: pkijs would build a full
    // object for each (most of a verification's time), while parseCertificate reads them from
    // their own bytes and keeps the chains every document carries parsed once per process.
    certificateDers = slim ? slim.certificates : takeCertificates(contentInfo.content);
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    return fail(
      'TOTAL_FAILED',
      'FORMAT_FAILURE',
      'cms.structure',
      `the signature is not a readable CMS SignedData: ${messageOf(error)}`,
    );
  }
  if (signedData.signerInfos.length !== 1) {
    return fail(
      'TOTAL_FAILED',
      'FORMAT_FAILURE',
      'cms.structure',
      `expected exactly one signer, found ${signedData.signerInfos.length}`,
    );
  }
  result.checks.push(passed('cms.structure', 'CMS SignedData with one signer'));
  const rawCerts = certificateDers;
  if (rawCerts.length > MAX_CMS_CERTIFICATES)
    return fail(
      'TOTAL_FAILED',
      'FORMAT_FAILURE',
      'cms.structure',
      `more than ${MAX_CMS_CERTIFICATES} certificates`,
    );
  for (const c of rawCerts) {
    try {
      result.certificates.push(parseCertificate(c));
    } catch {
      result.checks.push(
        warning(
          'cms.certificates',
          'a certificate in the signature could not be read and was ignored',
        ),
      );
    }
  }
  const signer = signedData.signerInfos[0] as pkijs.SignerInfo;

  // Identify the signer's certificate.
  const candidates = [...result.certificates, ...extraCertificates];
  const signerCert = findSignerCertificate(signer, candidates);
  if (!signerCert)
    return fail(
      'INDETERMINATE',
      'NO_SIGNING_CERTIFICATE_FOUND',
      'cms.signer-certificate',
      "the signer's certificate is not in the signature or the supplied data",
    );
  result.signerCertificate = signerCert;
  result.checks.push(passed('cms.signer-certificate', `signed by ${signerCert.subject}`));

  // Digest algorithm and content digest.
  let digest: DigestName;
  try {
    digest = digestNameOf(signer.digestAlgorithm.algorithmId);
  } catch (error) {
    return fail(
      'INDETERMINATE',
      'CRYPTO_CONSTRAINTS_FAILURE',
      'cms.digest-algorithm',
      messageOf(error),
    );
  }
  result.digest = digest;
  result.eContentType = signedData.encapContentInfo.eContentType;
  let contentDigest: Uint8Array;
  if (content.kind === 'detached') {
    if (signedData.encapContentInfo.eContent)
      return fail(
        'TOTAL_FAILED',
        'FORMAT_FAILURE',
        'cms.detached',
        'a detached signature was expected, but the CMS carries content',
      );
    contentDigest = content.digest(digest);
  } else {
    const eContent = signedData.encapContentInfo.eContent;
    if (!eContent)
      return fail(
        'TOTAL_FAILED',
        'FORMAT_FAILURE',
        'cms.encapsulated',
        'the CMS carries no content',
      );
    result.eContent = octetsOf(eContent);
    contentDigest = createHash(digest).update(result.eContent).digest();
  }

  // Signed attributes: content type, message digest, signing time, signing certificate.
  const signedAttrs = signer.signedAttrs;
  if (!signedAttrs)
    return verifyWithoutSignedAttributes(signer, signerCert, digest, contentDigest, result, fail);
  const attr = (oid: string): pkijs.Attribute[] =>
    signedAttrs.attributes.filter((a) => a.type === oid);
  for (const oid of [
    ATTR.contentType,
    ATTR.messageDigest,
    ATTR.signingTime,
    ATTR.signingCertificate,
    ATTR.signingCertificateV2,
  ]) {
    if (attr(oid).length > 1)
      return fail(
        'TOTAL_FAILED',
        'FORMAT_FAILURE',
        'cms.signed-attributes',
        `signed attribute ${oid} appears more than once`,
      );
  }
  const contentTypeAttr = attr(ATTR.contentType)[0]?.values[0];
  if (
    !(contentTypeAttr instanceof asn1js.ObjectIdentifier) ||
    contentTypeAttr.valueBlock.toString() !== signedData.encapContentInfo.eContentType
  ) {
    return fail(
      'TOTAL_FAILED',
      'FORMAT_FAILURE',
      'cms.content-type',
      'the content-type attribute is missing or differs from the content',
    );
  }
  const messageDigest = attr(ATTR.messageDigest)[0]?.values[0];
  if (!(messageDigest instanceof asn1js.OctetString))
    return fail(
      'TOTAL_FAILED',
      'FORMAT_FAILURE',
      'cms.message-digest',
      'the message-digest attribute is missing',
    );
  if (
    !Buffer.from(bytesOf(messageDigest.valueBlock.valueHexView)).equals(Buffer.from(contentDigest))
  ) {
    return fail(
      'TOTAL_FAILED',
      'HASH_FAILURE',
      'cms.message-digest',
      `the ${digest.toUpperCase()} digest of the signed content does not match the signature: the content was changed after signing`,
    );
  }
  result.checks.push(
    passed(
      'cms.message-digest',
      `the ${digest.toUpperCase()} digest of the signed content matches`,
    ),
  );
  const signingTime = attr(ATTR.signingTime)[0]?.values[0];
  if (signingTime instanceof asn1js.UTCTime || signingTime instanceof asn1js.GeneralizedTime)
    result.claimedSigningTime = signingTime.toDate();

  // Signature value over the DER of the signed attributes (tagged as SET OF, RFC 5652 §5.4).
  const signedAttrsDer = new Uint8Array(signedAttrs.encodedValue);
  signedAttrsDer[0] = 0x31;
  result.signatureAlgorithmOid = signer.signatureAlgorithm.algorithmId;
  result.signatureValue = bytesOf(signer.signature.valueBlock.valueHexView);
  try {
    const pss =
      result.signatureAlgorithmOid === '1.2.840.113549.1.1.10'
        ? parsePssParameters(signer.signatureAlgorithm.algorithmParams)
        : undefined;
    const ok = verifySignatureValue({
      algorithmOid: result.signatureAlgorithmOid,
      digestOid: signer.digestAlgorithm.algorithmId,
      pss,
      spki: signerCert.publicKey,
      data: signedAttrsDer,
      signature: result.signatureValue,
    });
    if (!ok)
      return fail(
        'TOTAL_FAILED',
        'SIG_CRYPTO_FAILURE',
        'cms.signature-value',
        "the signature value does not verify with the signer's public key",
      );
  } catch (error) {
    if (error instanceof UnsupportedAlgorithm)
      return fail(
        'INDETERMINATE',
        'CRYPTO_CONSTRAINTS_FAILURE',
        'cms.signature-value',
        error.message,
      );
    return fail(
      'TOTAL_FAILED',
      'SIG_CRYPTO_FAILURE',
      'cms.signature-value',
      `the signature value cannot be verified: ${messageOf(error)}`,
    );
  }
  result.checks.push(
    passed('cms.signature-value', "the signature value verifies with the signer's public key"),
  );

  // Signing-certificate binding: protects against substituting another certificate of the same key.
  const binding = checkSigningCertificate(
    attr(ATTR.signingCertificateV2)[0],
    attr(ATTR.signingCertificate)[0],
    signerCert,
  );
  result.signingCertificateBinding = binding.binding;
  result.checks.push(binding.check);
  if (binding.binding === 'mismatch')
    return fail(
      'INDETERMINATE',
      'NO_SIGNING_CERTIFICATE_FOUND',
      'cms.signing-certificate',
      binding.check.detail,
    );

  const unsigned: RawAttribute[] =
    slim?.unsignedAttributes ??
    (signer.unsignedAttrs?.attributes ?? []).map((a) => ({
      type: a.type,
      values: a.values.map(rawOf),
    }));
  for (const a of unsigned) {
    if (a.type === ATTR.signatureTimeStampToken) result.signatureTimestampTokens.push(...a.values);
    if (a.type === ATTR.archiveTimeStampV3) result.hasArchiveTimestamp = true;
  }
  result.embedded = embeddedValidationData(signedData, signer, unsigned);
  result.ok = true;
  return result;
}

/**
 * A plain PKCS#7 signature (allowed by adbe.pkcs7.detached) signs the content digest directly and
 * carries no signed attributes, hence no binding to the signing certificate. For RSA the value is
 * still checked (the DigestInfo recovered from it must hold the content digest); the signature can
 * then at best be INDETERMINATE / SIG_CONSTRAINTS_FAILURE, as in the EU DSS default policy.
 */
function verifyWithoutSignedAttributes(
  signer: pkijs.SignerInfo,
  signerCert: Certificate,
  digest: DigestName,
  contentDigest: Uint8Array,
  result: CmsVerification,
  fail: (
    indication: 'TOTAL_FAILED' | 'INDETERMINATE',
    sub: SubIndicationHint,
    name: string,
    detail: string,
  ) => CmsVerification,
): CmsVerification {
  result.signatureAlgorithmOid = signer.signatureAlgorithm.algorithmId;
  result.signatureValue = bytesOf(signer.signature.valueBlock.valueHexView);
  if (signerCert.publicKey.asymmetricKeyType !== 'rsa') {
    return fail(
      'INDETERMINATE',
      'FORMAT_FAILURE',
      'cms.signed-attributes',
      'the signature has no signed attributes and is not RSA: it cannot be checked',
    );
  }
  let recovered: Buffer;
  try {
    recovered = publicDecrypt(
      { key: signerCert.publicKey, padding: constants.RSA_PKCS1_PADDING },
      result.signatureValue,
    );
  } catch {
    return fail(
      'TOTAL_FAILED',
      'SIG_CRYPTO_FAILURE',
      'cms.signature-value',
      "the signature value does not verify with the signer's public key",
    );
  }
  // DigestInfo ends with the OCTET STRING of the digest; its algorithm must be the declared one.
  const digestInfo = asn1js.fromBER(recovered);
  const [algorithm, value] = digestInfo.offset === -1 ? [] : childrenOf(digestInfo.result);
  const algorithmOid = algorithm ? childrenOf(algorithm)[0] : undefined;
  const sameAlgorithm =
    algorithmOid instanceof asn1js.ObjectIdentifier &&
    DIGEST_OIDS[algorithmOid.valueBlock.toString()] === digest;
  if (
    !sameAlgorithm ||
    !(value instanceof asn1js.OctetString) ||
    !Buffer.from(bytesOf(value.valueBlock.valueHexView)).equals(Buffer.from(contentDigest))
  ) {
    return fail(
      'TOTAL_FAILED',
      'HASH_FAILURE',
      'cms.message-digest',
      'the signed digest does not match the signed content: the content was changed after signing',
    );
  }
  result.checks.push(
    passed(
      'cms.message-digest',
      `the ${digest.toUpperCase()} digest of the signed content matches`,
    ),
  );
  result.checks.push(
    passed('cms.signature-value', "the signature value verifies with the signer's public key"),
  );
  return fail(
    'INDETERMINATE',
    'SIG_CONSTRAINTS_FAILURE',
    'cms.signed-attributes',
    'the signature has no signed attributes, so the signing certificate is not bound to it (not an AdES signature)',
  );
}

function findSignerCertificate(
  signer: pkijs.SignerInfo,
  candidates: readonly Certificate[],
): Certificate | undefined {
  const sid = signer.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const issuer = bytesOf(sid.issuer.toSchema().toBER());
    const serial = toHex(sid.serialNumber.valueBlock.valueHexView).replace(/^(00)+(?=.)/, '');
    return (
      candidates.find(
        (c) => c.serialHex === serial && Buffer.from(c.issuerDer).equals(Buffer.from(issuer)),
      ) ?? candidates.find((c) => c.serialHex === serial && sameName(c.issuerDer, issuer))
    );
  }
  if (sid instanceof asn1js.Primitive || sid instanceof asn1js.Constructed) {
    const ski = toHex(octetsOf(sid));
    return candidates.find((c) => c.subjectKeyId === ski);
  }
  return undefined;
}

/** Names re-encoded by pkijs may differ from the original bytes in string types; compare parsed forms. */
function sameName(a: Uint8Array, b: Uint8Array): boolean {
  try {
    const na = new pkijs.RelativeDistinguishedNames({ schema: parseDer(a, 'name') });
    const nb = new pkijs.RelativeDistinguishedNames({ schema: parseDer(b, 'name') });
    return na.isEqual(nb);
  } catch {
    return false;
  }
}

function octetsOf(element: asn1js.AsnType): Uint8Array {
  if (element instanceof asn1js.OctetString && element.idBlock.isConstructed) {
    return Buffer.concat(childrenOf(element).map((c) => Buffer.from(octetsOf(c))));
  }
  return bytesOf((element as asn1js.OctetString).valueBlock.valueHexView);
}

function checkSigningCertificate(
  v2: pkijs.Attribute | undefined,
  v1: pkijs.Attribute | undefined,
  signerCert: Certificate,
): { binding: CmsVerification['signingCertificateBinding']; check: Check } {
  const attribute = v2 ?? v1;
  if (!attribute) {
    return {
      binding: 'absent',
      check: warning(
        'cms.signing-certificate',
        'no signing-certificate attribute: the certificate is not bound to the signature (not a baseline AdES signature)',
      ),
    };
  }
  try {
    const [certs] = childrenOf(attribute.values[0] as asn1js.AsnType);
    const [first] = certs ? childrenOf(certs) : [];
    if (!first) throw new Error('empty');
    const parts = childrenOf(first);
    let hashName: DigestName = v2 ? 'sha256' : 'sha1';
    let index = 0;
    if (v2 && parts[0] instanceof asn1js.Sequence) {
      const oid = childrenOf(parts[0])[0];
      const named =
        oid instanceof asn1js.ObjectIdentifier ? DIGEST_OIDS[oid.valueBlock.toString()] : undefined;
      if (!named) throw new Error('unknown hash algorithm');
      hashName = named;
      index = 1;
    }
    const hash = parts[index];
    if (!(hash instanceof asn1js.OctetString)) throw new Error('no certHash');
    const expected = createHash(hashName).update(signerCert.der).digest();
    if (!expected.equals(Buffer.from(bytesOf(hash.valueBlock.valueHexView)))) {
      return {
        binding: 'mismatch',
        check: failed(
          'cms.signing-certificate',
          'the signing-certificate attribute names a different certificate than the one that signed',
        ),
      };
    }
    return {
      binding: v2 ? 'v2' : 'v1',
      check: check(
        'cms.signing-certificate',
        v2 ? 'passed' : 'warning',
        v2
          ? "the signing-certificate-v2 attribute matches the signer's certificate"
          : "the signing-certificate (v1, SHA-1) attribute matches the signer's certificate",
      ),
    };
  } catch (error) {
    return {
      binding: 'mismatch',
      check: failed(
        'cms.signing-certificate',
        `the signing-certificate attribute cannot be read: ${messageOf(error)}`,
      ),
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Removes the `certificates [0] IMPLICIT CertificateSet` from a SignedData element and returns the
 * DER of each X.509 certificate in it, exactly as encoded (other CertificateChoices, such as
 * attribute certificates, are not signer candidates and are dropped, as before).
 */
function takeCertificates(signedData: unknown): Uint8Array[] {
  const children = (signedData as asn1js.Sequence).valueBlock?.value;
  if (!Array.isArray(children)) return [];
  const index = children.findIndex(
    (c) => c.idBlock.tagClass === 3 && c.idBlock.tagNumber === 0 && c.idBlock.isConstructed,
  );
  if (index < 0) return [];
  const [set] = children.splice(index, 1);
  return childrenOf(set as asn1js.AsnType)
    .filter((c) => c.idBlock.tagClass === 1 && c.idBlock.tagNumber === 16)
    .map((c) => rawOf(c));
}
