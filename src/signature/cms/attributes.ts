/** CMS/CAdES attribute OIDs (RFC 5652, RFC 5035, ETSI EN 319 122-1). */
export const ATTR = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  archiveTimeStampV3: '0.4.0.1733.2.4',
  signaturePolicyIdentifier: '1.2.840.113549.1.9.16.2.15',
} as const;

export const CONTENT_TYPE = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
} as const;
