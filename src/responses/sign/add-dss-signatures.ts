import { createHash } from 'node:crypto';
import { verifyCms } from '../../signature/cms/verify-cms.js';
import type { DigestName } from '../../signature/crypto/algorithms.js';
import { analysePdf, PdfFormatError, type PdfAnalysis } from '../../signature/pades/analyse-pdf.js';
import type { PdfSignature } from '../../signature/pades/types.js';
import { verifyTimestampToken } from '../../signature/timestamp/verify-timestamp.js';
import { parseCertificatesLenient, type Certificate } from '../../signature/x509/certificate.js';
import { ltImpossible } from './add-dss-limits.js';

/**
 * What validation data each signature of a PDF needs, read with the verifier's own parsers: the
 * signer's certificate and the certificates its CMS carries, and for every time-stamp (in the CMS
 * or a document time-stamp) the TSA's certificate and the time it proves.
 */

/** A certificate path to complete, and when the signature it serves is proven to exist. */
export interface ChainNeed {
  leaf: Certificate;
  /** The verifier validates this chain at this time: revocation data must not be older. */
  poe: Date;
}

export interface SignatureNeeds {
  /** DSS /VRI key: upper-case hex SHA-1 of the signature's /Contents value (EN 319 142-1 §5.4.2.3). */
  vriKey: string;
  chains: ChainNeed[];
  /** Issuer candidates: the CMS's and time-stamps' own certificates. */
  certificates: Certificate[];
}

const CMS_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

function rangeDigest(
  pdf: Uint8Array,
  ranges: ReadonlyArray<[number, number]>,
): (digest: DigestName) => Uint8Array {
  return (digest) => {
    const hash = createHash(digest);
    for (const [start, end] of ranges) hash.update(pdf.subarray(start, end));
    return hash.digest();
  };
}

/**
 * The whole /Contents string (zero padding included), as pyHanko and Adobe hash it for the VRI
 * key. The ByteRange gap holds exactly `<hex>`, so it is read from there.
 */
function vriKeyOf(pdf: Uint8Array, signature: PdfSignature): string {
  const [, gapStart = 0, gapEnd = 0] = signature.byteRange;
  const hex = Buffer.from(pdf.subarray(gapStart + 1, gapEnd - 1))
    .toString('latin1')
    .replace(/\s+/g, '');
  const value = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  return createHash('sha1').update(value).digest('hex').toUpperCase();
}

interface TimestampFacts {
  tsa?: Certificate;
  genTime?: Date;
  certificates: Certificate[];
}

function readTimestamp(
  token: Uint8Array,
  imprint: Uint8Array | ((digest: DigestName) => Uint8Array),
  extra: readonly Certificate[],
): TimestampFacts {
  const verification = verifyTimestampToken(token, imprint, extra);
  return {
    ...(verification.tsaCertificate ? { tsa: verification.tsaCertificate } : {}),
    // Only a token that verifies proves a time; otherwise the verifier falls back to "now" too.
    ...(verification.ok && verification.genTime ? { genTime: verification.genTime } : {}),
    certificates: verification.certificates,
  };
}

function signatureNeeds(
  pdf: Uint8Array,
  signature: PdfSignature,
  dssCertificates: readonly Certificate[],
  at: Date,
): SignatureNeeds | undefined {
  const digest = rangeDigest(pdf, signature.ranges);
  if (signature.kind === 'document-timestamp') {
    const timestamp = readTimestamp(signature.contents, digest, dssCertificates);
    if (!timestamp.tsa) throw ltImpossible('a document time-stamp carries no TSA certificate');
    return {
      vriKey: vriKeyOf(pdf, signature),
      chains: [{ leaf: timestamp.tsa, poe: timestamp.genTime ?? at }],
      certificates: timestamp.certificates,
    };
  }
  if (!CMS_SUBFILTERS.has(signature.subFilter)) return undefined;
  const cms = verifyCms(signature.contents, { kind: 'detached', digest }, dssCertificates);
  if (!cms.signerCertificate) {
    throw ltImpossible(
      `the signer's certificate of ${signature.fieldName ?? 'a signature'} is not in its CMS`,
    );
  }
  const certificates = [
    ...cms.certificates,
    ...parseCertificatesLenient(cms.embedded.certificates),
  ];
  const timestamps = cms.signatureTimestampTokens.map((token) =>
    readTimestamp(token, cms.signatureValue ?? new Uint8Array(), [
      ...certificates,
      ...dssCertificates,
    ]),
  );
  const proven = timestamps.flatMap((t) => (t.genTime ? [t.genTime] : []));
  const poe = proven.length > 0 ? new Date(Math.min(...proven.map((d) => d.getTime()))) : at;
  return {
    vriKey: vriKeyOf(pdf, signature),
    chains: [
      { leaf: cms.signerCertificate, poe },
      ...timestamps.flatMap((t) => (t.tsa ? [{ leaf: t.tsa, poe: t.genTime ?? at }] : [])),
    ],
    certificates: [...certificates, ...timestamps.flatMap((t) => t.certificates)],
  };
}

/** Reads the PDF as the verifier does; an unreadable file is the caller's mistake, not the network's. */
export function readPdf(pdf: Uint8Array): PdfAnalysis {
  try {
    return analysePdf(pdf);
  } catch (error) {
    if (!(error instanceof PdfFormatError)) throw error;
    throw ltImpossible(`the PDF cannot be read: ${error.message}`, error);
  }
}

/** Every signature and document time-stamp with a usable ByteRange, and what it needs. */
export function signaturesNeeds(
  pdf: Uint8Array,
  analysis: PdfAnalysis,
  at: Date,
): SignatureNeeds[] {
  const dssCertificates = parseCertificatesLenient(analysis.dss?.certificates ?? []);
  const needs = analysis.signatures
    .filter((signature) => signature.ranges.length > 0 && signature.contents.length > 0)
    .flatMap((signature) => {
      const need = signatureNeeds(pdf, signature, dssCertificates, at);
      return need ? [need] : [];
    });
  if (needs.length === 0) throw ltImpossible('the PDF has no signature to add validation data for');
  return needs;
}
