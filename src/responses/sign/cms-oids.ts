import { ATTR, CONTENT_TYPE } from '../../signature/cms/attributes.js';

/**
 * The CMS object identifiers the signing side writes. They come from the verifier's own tables
 * so that what we write and what we check can never name different OIDs.
 */
export const CMS_OID = {
  data: CONTENT_TYPE.data,
  signedData: CONTENT_TYPE.signedData,
  tstInfo: CONTENT_TYPE.tstInfo,
  contentType: ATTR.contentType,
  messageDigest: ATTR.messageDigest,
  signingTime: ATTR.signingTime,
  signingCertificateV2: ATTR.signingCertificateV2,
  signatureTimeStampToken: ATTR.signatureTimeStampToken,
} as const;

/** Signature algorithm identifiers (RFC 3279, RFC 4055, RFC 5758). */
export const SIGNATURE_OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecdsa: {
    sha256: '1.2.840.10045.4.3.2',
    sha384: '1.2.840.10045.4.3.3',
    sha512: '1.2.840.10045.4.3.4',
  },
} as const;
