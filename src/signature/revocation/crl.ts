import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { verifySignatureValue } from '../crypto/algorithms.js';
import { bytesOf, childrenOf, parseDer, rawOf, toHex } from '../x509/asn1.js';
import type { Certificate } from '../x509/certificate.js';
import { parsePssParameters } from '../x509/pss.js';

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
