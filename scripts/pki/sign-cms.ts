import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  attribute,
  CMS_OID,
  createSignerInfo,
  encodeSignedData,
  parseCertificateDer,
  signingCertificateV2Attribute,
  type SignerCredentials,
} from './cms-signer-info.js';
import type { SigningDigest } from './digest-algorithms.js';
import { pemBlocksToDer, pemToDer, toArrayBuffer } from './pem.js';
import { requestTimestampToken } from './request-timestamp.js';

export interface SignCmsDetachedOptions {
  /** The signed bytes, or the pieces of them in order (a PDF's ByteRange). */
  content: Uint8Array | readonly Uint8Array[];
  signer: SignerCredentials;
  /** Further certificates to embed (PEM, one or several blocks), usually the issuing CA. */
  chain?: string;
  digest: SigningDigest;
  /**
   * The signing-time attribute: default now. `null` leaves it out, as PAdES baseline wants
   * (the time goes into the signature dictionary's /M instead).
   */
  signingTime?: Date | null;
  /** ESS signing-certificate-v2, required by CAdES-BES; false makes a plain CMS signature. */
  addSigningCertificateV2: boolean;
  /** Adds id-aa-signatureTimeStampToken (CAdES-T): fetched from a TSA, or a ready token. */
  timestamp?: { tsaUrl: string } | { token: Uint8Array };
  /** RSA keys only: RSASSA-PSS instead of PKCS#1 v1.5. */
  pss?: boolean;
}

/**
 * Makes a detached CMS SignedData in the CAdES-BES (or, with a time-stamp, CAdES-T) shape:
 * signed attributes contentType, messageDigest, signingTime, signing-certificate-v2, and an
 * optional RFC 3161 token over the SignatureValue as unsigned attribute. Returns DER.
 */
export async function signCmsDetached(options: SignCmsDetachedOptions): Promise<Uint8Array> {
  const hash = createHash(options.digest);
  const pieces = options.content instanceof Uint8Array ? [options.content] : options.content;
  for (const piece of pieces) hash.update(piece);
  const certificate = parseCertificateDer(pemToDer(options.signer.certPem));
  const signingTime = options.signingTime === undefined ? new Date() : options.signingTime;

  const signedAttributes = [
    attribute(CMS_OID.contentType, new asn1js.ObjectIdentifier({ value: CMS_OID.data })),
    attribute(
      CMS_OID.messageDigest,
      new asn1js.OctetString({ valueHex: toArrayBuffer(hash.digest()) }),
    ),
    ...(signingTime
      ? [attribute(CMS_OID.signingTime, new asn1js.UTCTime({ valueDate: signingTime }))]
      : []),
    ...(options.addSigningCertificateV2
      ? [signingCertificateV2Attribute(certificate, options.digest)]
      : []),
  ];
  const signerInfo = createSignerInfo({
    certificate,
    keyPem: options.signer.keyPem,
    digest: options.digest,
    pss: options.pss ?? false,
    signedAttributes,
  });

  if (options.timestamp) {
    const token =
      'token' in options.timestamp
        ? options.timestamp.token
        : await requestTimestampToken({
            tsaUrl: options.timestamp.tsaUrl,
            data: signerInfo.signature.valueBlock.valueHexView,
            digest: options.digest,
          });
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [
        attribute(CMS_OID.signatureTimeStampToken, asn1js.fromBER(toArrayBuffer(token)).result),
      ],
    });
  }

  const chain = options.chain ? pemBlocksToDer(options.chain).map(parseCertificateDer) : [];
  return encodeSignedData({
    eContentType: CMS_OID.data,
    digest: options.digest,
    signerInfo,
    certificates: [certificate, ...chain],
  });
}
