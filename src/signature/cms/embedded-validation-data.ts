import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesOf, childrenOf, parseDer, rawOf } from '../x509/asn1.js';
import type { RawAttribute } from './slim-signed-data.js';

/** Validation data OIDs (RFC 5940, ETSI EN 319 122-1, Adobe's PDF archival attribute). */
const OID = {
  ocspResponseFormat: '1.3.6.1.5.5.7.16.2',
  certificateValues: '1.2.840.113549.1.9.16.2.23',
  revocationValues: '1.2.840.113549.1.9.16.2.24',
  adbeRevocationInfoArchival: '1.2.840.113583.1.1.8',
} as const;

export interface EmbeddedValidationData {
  certificates: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

/**
 * Revocation values and certificates carried inside a CMS signature: SignedData.crls (CRLs and
 * RFC 5940 OCSP responses), CAdES certificate-values and revocation-values, and the Adobe
 * revocationInfoArchival signed attribute older PDF signers use. Candidates are collected at both
 * the implicit- and explicit-tag depth; the parsers downstream skip what is not a CRL or OCSP
 * response, so an unusual encoding can only fail to help, never mislead.
 */
export function embeddedValidationData(
  signedData: pkijs.SignedData,
  signer: pkijs.SignerInfo,
  unsigned: readonly RawAttribute[],
): EmbeddedValidationData {
  const data: EmbeddedValidationData = { certificates: [], ocsps: [], crls: [] };
  for (const item of signedData.crls ?? []) {
    if (item instanceof pkijs.CertificateRevocationList)
      data.crls.push(bytesOf(item.toSchema().toBER()));
    else if (
      item instanceof pkijs.OtherRevocationInfoFormat &&
      item.otherRevInfoFormat === OID.ocspResponseFormat
    ) {
      data.ocsps.push(bytesOf((item.otherRevInfo as asn1js.BaseBlock).toBER()));
    }
  }
  const wanted = new Set<string>([
    OID.certificateValues,
    OID.revocationValues,
    OID.adbeRevocationInfoArchival,
  ]);
  // Unsigned attributes come as bytes; only the few that carry validation data are decoded.
  const attributes: Array<{ type: string; value: asn1js.AsnType | undefined }> = [
    ...unsigned
      .filter((a) => wanted.has(a.type) && a.values[0] !== undefined)
      .map((a) => ({ type: a.type, value: decodedOrUndefined(a.values[0] as Uint8Array) })),
    ...(signer.signedAttrs?.attributes ?? []).map((a) => ({
      type: a.type,
      value: a.values[0] as asn1js.AsnType | undefined,
    })),
  ];
  for (const attribute of attributes) {
    const value = attribute.value;
    if (!value) continue;
    if (attribute.type === OID.certificateValues)
      data.certificates.push(...childrenOf(value).map(rawOf));
    if (
      attribute.type === OID.revocationValues ||
      attribute.type === OID.adbeRevocationInfoArchival
    ) {
      for (const tagged of childrenOf(value)) {
        const tag = tagged.idBlock.tagNumber;
        const target = tag === 0 ? data.crls : tag === 1 ? data.ocsps : undefined;
        if (!target) continue;
        for (const child of childrenOf(tagged)) {
          target.push(rawOf(child));
          for (const grandchild of childrenOf(child)) target.push(rawOf(grandchild));
        }
      }
    }
  }
  return data;
}

/** An unreadable value is skipped: validation data can only fail to help, never mislead. */
function decodedOrUndefined(der: Uint8Array): asn1js.AsnType | undefined {
  try {
    return parseDer(der, 'validation data');
  } catch {
    return undefined;
  }
}
