import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { verifySignatureValue } from '../crypto/algorithms.js';
import { bytesOf, childrenOf, parseDer, rawOf, toHex } from '../x509/asn1.js';
import type { Certificate } from '../x509/certificate.js';
import { parsePssParameters } from '../x509/pss.js';

/** What a CRL says about its own scope (RFC 5280 §5.2.4, §5.2.5). */
export interface CrlScope {
  delta: boolean;
  onlyUserCerts: boolean;
  onlyCaCerts: boolean;
  /** Partial scopes this verifier does not handle: only some reasons, indirect, attribute certificates, or an unknown critical extension. */
  unsupported?: string;
  /** The distribution point the CRL is for, when it is partitioned. */
  distributionPointUrls: string[];
}

export interface CrlData {
  der: Uint8Array;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** serial (hex) → revocation date */
  revoked: Map<string, Date>;
  tbs: Uint8Array;
  signatureAlgorithmOid: string;
  signatureParams: unknown;
  signature: Uint8Array;
  scope: CrlScope;
}

const IDP = '2.5.29.28';
const DELTA_CRL_INDICATOR = '2.5.29.27';
/** Critical CRL extensions understood here; any other critical one makes the CRL unusable. */
const UNDERSTOOD_CRITICAL = new Set([IDP, DELTA_CRL_INDICATOR]);

function readScope(crl: pkijs.CertificateRevocationList): CrlScope {
  const scope: CrlScope = {
    delta: false,
    onlyUserCerts: false,
    onlyCaCerts: false,
    distributionPointUrls: [],
  };
  for (const ext of crl.crlExtensions?.extensions ?? []) {
    if (ext.extnID === DELTA_CRL_INDICATOR) scope.delta = true;
    else if (ext.extnID === IDP) {
      const idp = ext.parsedValue as pkijs.IssuingDistributionPoint | undefined;
      if (!idp) {
        scope.unsupported = 'an unreadable issuing distribution point';
        continue;
      }
      scope.onlyUserCerts = idp.onlyContainsUserCerts;
      scope.onlyCaCerts = idp.onlyContainsCACerts;
      if (idp.onlySomeReasons !== undefined)
        scope.unsupported = 'it covers only some revocation reasons';
      if (idp.indirectCRL) scope.unsupported = 'it is an indirect CRL';
      if (idp.onlyContainsAttributeCerts)
        scope.unsupported = 'it covers attribute certificates only';
      if (Array.isArray(idp.distributionPoint)) {
        for (const name of idp.distributionPoint)
          if (name.type === 6 && typeof name.value === 'string')
            scope.distributionPointUrls.push(name.value);
      }
    } else if (ext.critical && !UNDERSTOOD_CRITICAL.has(ext.extnID))
      scope.unsupported = `an unknown critical extension ${ext.extnID}`;
  }
  return scope;
}

/**
 * Whether this CRL can speak for `cert` at all. A delta CRL alone, a CRL for CA certificates only,
 * another partition, or a scope this verifier does not understand cannot prove "not revoked":
 * the certificate could simply be out of its scope.
 */
export function crlCovers(crl: CrlData, cert: Certificate): { covers: boolean; why?: string } {
  const scope = crl.scope;
  if (scope.unsupported)
    return { covers: false, why: `the CRL cannot be used: ${scope.unsupported}` };
  if (scope.delta) return { covers: false, why: 'a delta CRL cannot be used on its own' };
  if (scope.onlyCaCerts && !cert.isCa)
    return { covers: false, why: 'the CRL lists CA certificates only' };
  if (scope.onlyUserCerts && cert.isCa)
    return { covers: false, why: 'the CRL lists end-entity certificates only' };
  if (
    scope.distributionPointUrls.length > 0 &&
    !scope.distributionPointUrls.some((u) => cert.crlUrls.includes(u))
  ) {
    return { covers: false, why: 'the CRL is for another distribution point (partition)' };
  }
  return { covers: true };
}

/** Revoked entries kept from one CRL; national CA CRLs hold tens of thousands. */
export const MAX_CRL_ENTRIES = 2_000_000;

export function parseCrl(der: Uint8Array): CrlData {
  const asn = parseDer(der, 'CRL');
  const crl = new pkijs.CertificateRevocationList({ schema: asn });
  const [tbsEl] = childrenOf(asn);
  if (!tbsEl) throw new Error('CRL without tbsCertList');
  const tbsChildren = childrenOf(tbsEl);
  const offset = tbsChildren[0] instanceof asn1js.Integer ? 1 : 0;
  const issuerEl = tbsChildren[offset + 1];
  if (!issuerEl) throw new Error('CRL without issuer');
  const revoked = new Map<string, Date>();
  const entries = crl.revokedCertificates ?? [];
  if (entries.length > MAX_CRL_ENTRIES)
    throw new Error(`CRL has more than ${MAX_CRL_ENTRIES} entries`);
  for (const entry of entries) {
    revoked.set(
      toHex(entry.userCertificate.valueBlock.valueHexView).replace(/^(00)+(?=.)/, ''),
      entry.revocationDate.value,
    );
  }
  const data: CrlData = {
    der,
    issuerDer: rawOf(issuerEl),
    thisUpdate: crl.thisUpdate.value,
    revoked,
    tbs: rawOf(tbsEl),
    signatureAlgorithmOid: crl.signatureAlgorithm.algorithmId,
    signatureParams: crl.signatureAlgorithm.algorithmParams,
    signature: bytesOf(crl.signatureValue.valueBlock.valueHexView),
    scope: readScope(crl),
  };
  if (crl.nextUpdate) data.nextUpdate = crl.nextUpdate.value;
  return data;
}

export function verifyCrlSignature(crl: CrlData, issuer: Certificate): boolean {
  if (!Buffer.from(crl.issuerDer).equals(Buffer.from(issuer.subjectDer))) return false;
  if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) return false;
  try {
    const pss =
      crl.signatureAlgorithmOid === '1.2.840.113549.1.1.10'
        ? parsePssParameters(crl.signatureParams)
        : undefined;
    return verifySignatureValue({
      algorithmOid: crl.signatureAlgorithmOid,
      pss,
      spki: issuer.publicKey,
      data: crl.tbs,
      signature: crl.signature,
    });
  } catch {
    return false;
  }
}
