import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesOf, childrenOf, parseDer, rawOf, toHex } from './asn1.js';
import { nameFields, nameToString, type NameFields } from './names.js';
import { parsePssParameters } from './pss.js';
import type { PssParameters } from '../crypto/algorithms.js';

export const OID = {
  qcStatements: '1.3.6.1.5.5.7.1.3',
  qcCompliance: '0.4.0.1862.1.1',
  qcSscd: '0.4.0.1862.1.4',
  qcType: '0.4.0.1862.1.6',
  qcTypeEsign: '0.4.0.1862.1.6.1',
  qcTypeEseal: '0.4.0.1862.1.6.2',
  qcTypeWeb: '0.4.0.1862.1.6.3',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  ekuOcspSigning: '1.3.6.1.5.5.7.3.9',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  aiaOcsp: '1.3.6.1.5.5.7.48.1',
  aiaCaIssuers: '1.3.6.1.5.5.7.48.2',
} as const;

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export interface QcStatements {
  compliance: boolean;
  sscd: boolean;
  types: string[];
}

/** What the verifier needs to know of one X.509 certificate, parsed once. */
export interface Certificate {
  der: Uint8Array;
  /** Hex SHA-256 of the DER: the certificate's identity in caches and reports. */
  id: string;
  subject: string;
  issuer: string;
  subjectFields: NameFields;
  /** Raw DER of the Names, for exact issuer/subject matching. */
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  spki: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithmOid: string;
  signaturePss?: PssParameters;
  signatureValue: Uint8Array;
  isCa: boolean;
  pathLength?: number;
  keyUsage?: ReadonlySet<KeyUsage>;
  extendedKeyUsage: string[];
  ekuCritical: boolean;
  subjectKeyId?: string;
  authorityKeyId?: string;
  ocspUrls: string[];
  caIssuerUrls: string[];
  crlUrls: string[];
  policies: string[];
  qcStatements?: QcStatements;
  ocspNoCheck: boolean;
  selfIssued: boolean;
}

export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

/**
 * Parsed certificates kept per process, by the SHA-256 of their DER. Every signed document
 * carries the same few chains (the signer's CA, the TSA, the OCSP responder), and parsing their
 * ASN.1 was most of the time a verification took; a parsed certificate is read-only, so sharing it
 * is safe. Bounded (oldest dropped first) so a stream of documents with fresh certificates cannot
 * grow it: 2 000 certificates are a few megabytes.
 */
export const MAX_CACHED_CERTIFICATES = 2_000;
const parsed = new Map<string, Certificate>();

export function parseCertificate(der: Uint8Array): Certificate {
  const key = createHash('sha256').update(der).digest('hex');
  const cached = parsed.get(key);
  if (cached) {
    // Refresh its place so the chains in daily use stay while one-off certificates age out.
    parsed.delete(key);
    parsed.set(key, cached);
    return cached;
  }
  // Parse a copy: the caller's bytes may be a view into a whole document, which a cached view
  // (der, tbs, spki…) would otherwise keep alive.
  const certificate = Object.freeze(parseCertificateUncached(der.slice(), key));
  parsed.set(key, certificate);
  if (parsed.size > MAX_CACHED_CERTIFICATES) {
    const oldest = parsed.keys().next().value;
    if (oldest !== undefined) parsed.delete(oldest);
  }
  return certificate;
}

function parseCertificateUncached(der: Uint8Array, id: string): Certificate {
  let cert: pkijs.Certificate;
  let asn: asn1js.AsnType;
  try {
    asn = parseDer(der, 'certificate');
    cert = new pkijs.Certificate({ schema: asn });
  } catch (error) {
    throw new CertificateError(
      `not an X.509 certificate: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const [tbsElement] = childrenOf(asn);
  const tbsChildren = tbsElement ? childrenOf(tbsElement) : [];
  // TBSCertificate: [0] version?, serial, sigAlg, issuer, validity, subject, spki, ...
  const offset = tbsChildren[0]?.idBlock.tagClass === 3 ? 1 : 0;
  const issuerEl = tbsChildren[offset + 2];
  const subjectEl = tbsChildren[offset + 4];
  const spkiEl = tbsChildren[offset + 5];
  if (!tbsElement || !issuerEl || !subjectEl || !spkiEl)
    throw new CertificateError('certificate structure incomplete');
  const spki = rawOf(spkiEl);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    throw new CertificateError(
      `unsupported public key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const base: Certificate = {
    der,
    id,
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    subjectFields: nameFields(cert.subject),
    subjectDer: rawOf(subjectEl),
    issuerDer: rawOf(issuerEl),
    serialHex: toHex(cert.serialNumber.valueBlock.valueHexView).replace(/^(00)+(?=.)/, ''),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    publicKey,
    spki,
    tbs: rawOf(tbsElement),
    signatureAlgorithmOid: cert.signatureAlgorithm.algorithmId,
    signatureValue: bytesOf(cert.signatureValue.valueBlock.valueHexView),
    isCa: false,
    extendedKeyUsage: [],
    ekuCritical: false,
    ocspUrls: [],
    caIssuerUrls: [],
    crlUrls: [],
    policies: [],
    ocspNoCheck: false,
    selfIssued: false,
  };
  if (base.signatureAlgorithmOid === '1.2.840.113549.1.1.10') {
    const pss = parsePssParameters(cert.signatureAlgorithm.algorithmParams);
    if (pss) base.signaturePss = pss;
  }
  base.selfIssued = Buffer.from(base.subjectDer).equals(Buffer.from(base.issuerDer));
  for (const ext of cert.extensions ?? []) readExtension(base, ext);
  return base;
}

function readExtension(target: Certificate, ext: pkijs.Extension): void {
  const parsed: unknown = ext.parsedValue;
  switch (ext.extnID) {
    case '2.5.29.19': {
      const bc = parsed as pkijs.BasicConstraints | undefined;
      target.isCa = bc?.cA === true;
      if (typeof bc?.pathLenConstraint === 'number') target.pathLength = bc.pathLenConstraint;
      else if (bc?.pathLenConstraint instanceof asn1js.Integer)
        target.pathLength = bc.pathLenConstraint.valueBlock.valueDec;
      break;
    }
    case '2.5.29.15': {
      const bits = parsed as asn1js.BitString | undefined;
      const bytes = bits ? bytesOf(bits.valueBlock.valueHexView) : new Uint8Array();
      const usage = new Set<KeyUsage>();
      KEY_USAGE_BITS.forEach((name, i) => {
        if (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) usage.add(name);
      });
      target.keyUsage = usage;
      break;
    }
    case '2.5.29.37':
      target.extendedKeyUsage = (parsed as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
      target.ekuCritical = ext.critical;
      break;
    case '2.5.29.14': {
      const ski = parsed as asn1js.OctetString | undefined;
      if (ski) target.subjectKeyId = toHex(ski.valueBlock.valueHexView);
      break;
    }
    case '2.5.29.35': {
      const aki = (parsed as pkijs.AuthorityKeyIdentifier | undefined)?.keyIdentifier;
      if (aki) target.authorityKeyId = toHex(aki.valueBlock.valueHexView);
      break;
    }
    case '1.3.6.1.5.5.7.1.1':
      for (const ad of (parsed as pkijs.InfoAccess | undefined)?.accessDescriptions ?? []) {
        const url = uriOf(ad.accessLocation);
        if (!url) continue;
        if (ad.accessMethod === OID.aiaOcsp) target.ocspUrls.push(url);
        if (ad.accessMethod === OID.aiaCaIssuers) target.caIssuerUrls.push(url);
      }
      break;
    case '2.5.29.31':
      for (const dp of (parsed as pkijs.CRLDistributionPoints | undefined)?.distributionPoints ??
        []) {
        const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
        for (const gn of names) {
          const url = uriOf(gn);
          if (url) target.crlUrls.push(url);
        }
      }
      break;
    case '2.5.29.32':
      target.policies = (
        (parsed as pkijs.CertificatePolicies | undefined)?.certificatePolicies ?? []
      ).map((p) => p.policyIdentifier);
      break;
    case OID.qcStatements:
      target.qcStatements = readQcStatements(bytesOf(ext.extnValue.valueBlock.valueHexView));
      break;
    case OID.ocspNoCheck:
      target.ocspNoCheck = true;
      break;
    default:
      break;
  }
}

function uriOf(name: pkijs.GeneralName): string | undefined {
  return name.type === 6 && typeof name.value === 'string' ? name.value : undefined;
}

/** QCStatements ::= SEQUENCE OF SEQUENCE { statementId OID, statementInfo ANY OPTIONAL } (ETSI EN 319 412-5). */
function readQcStatements(der: Uint8Array): QcStatements {
  const result: QcStatements = { compliance: false, sscd: false, types: [] };
  let root: asn1js.AsnType;
  try {
    root = parseDer(der, 'qcStatements');
  } catch {
    return result;
  }
  for (const statement of childrenOf(root)) {
    const [id, info] = childrenOf(statement);
    const oid = id instanceof asn1js.ObjectIdentifier ? id.valueBlock.toString() : '';
    if (oid === OID.qcCompliance) result.compliance = true;
    if (oid === OID.qcSscd) result.sscd = true;
    if (oid === OID.qcType && info) {
      for (const type of childrenOf(info))
        if (type instanceof asn1js.ObjectIdentifier) result.types.push(type.valueBlock.toString());
    }
  }
  return result;
}

/** Parses what it can; an unreadable certificate among validation data can only fail to help. */
export function parseCertificatesLenient(ders: readonly Uint8Array[]): Certificate[] {
  return ders.flatMap((der) => {
    try {
      return [parseCertificate(der)];
    } catch {
      return [];
    }
  });
}
