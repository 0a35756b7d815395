import { constants, createHash, sign } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization, ExclusiveCanonicalization, type NamespacePrefix } from 'xml-crypto';
import type { TestSigner } from './make-certificate.js';

export const NS = {
  asic: 'http://uri.etsi.org/02918/v1.2.1#',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
  xades141: 'http://uri.etsi.org/01903/v1.4.1#',
};
export const ALG = {
  c14n10: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  c14n11: 'http://www.w3.org/2006/12/xml-c14n11',
  exc: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaPssSha256: 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  xpath: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
  signedProperties: 'http://uri.etsi.org/01903#SignedProperties',
};

export interface BuildOptions {
  signer: TestSigner;
  files: Record<string, string>;
  /** SignedInfo CanonicalizationMethod; inclusive c14n 1.1 by default, as Latvian eDoc uses. */
  canonicalisation?: string;
  /** Transform on the SignedProperties reference; undefined means none (c14n 1.0 by default). */
  signedPropertiesTransform?: string;
  /** Declare ds and xades on the asic root (as real BDOC/eDoc files often do). */
  namespacesOnRoot?: boolean;
  signingCertificate?: 'v1' | 'v2' | 'none';
  /** Certificate the CertDigest names; the signer's own by default. */
  certDigestOf?: Uint8Array;
  /** Certificate put in KeyInfo; the signer's own by default. */
  keyInfoCertificate?: Uint8Array;
  digestAlgorithm?: string;
  signatureMethod?: string;
  /** Extra XML placed inside each data-file ds:Reference before DigestMethod (e.g. Transforms). */
  dataReferenceTransforms?: string;
  omitSignedPropertiesReference?: boolean;
  withTimestamps?: boolean;
  /** Applied to the document before anything is digested or signed. */
  editTemplate?: (xml: string) => string;
}

export interface BuiltSignature {
  xml: string;
  files: Map<string, Uint8Array>;
  resolve: (uri: string) => Uint8Array | undefined;
  /** Base64 SignatureValue, to predict timestamp imprints. */
  signatureValue: string;
  /** The fake timestamp tokens placed in the document. */
  tokens: { signature: Uint8Array; archive: Uint8Array };
}

const SIGNING_TIME = '2025-03-04T05:06:07Z';
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const digestUri = (algorithm: string) => (algorithm === ALG.sha1 ? 'sha1' : 'sha256');

/**
 * Builds a real XAdES B-B signature over the given files, the way eDoc/BDOC signers do: digest
 * the files, canonicalise and digest SignedProperties, canonicalise SignedInfo and sign it.
 * Canonicalisation here uses xml-crypto directly with the ancestor namespaces spelled out, not
 * the code under test.
 */
export function buildXades(options: BuildOptions): BuiltSignature {
  const files = new Map(
    Object.entries(options.files).map(([name, text]) => [name, new TextEncoder().encode(text)]),
  );
  const onRoot = options.namespacesOnRoot ?? true;
  const c14n = options.canonicalisation ?? ALG.c14n11;
  const digestAlgorithm = options.digestAlgorithm ?? ALG.sha256;
  const method =
    options.signatureMethod ?? (options.signer.kind === 'ec' ? ALG.ecdsaSha256 : ALG.rsaSha256);
  const tokens = {
    signature: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
    archive: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x02]),
  };

  const render = (signedPropertiesDigest: string, signatureValue: string): string => {
    const references = [...files].map(
      ([name, bytes], i) =>
        `<ds:Reference Id="S0-ref-${i}" URI="${encodeURIComponent(name)}">${options.dataReferenceTransforms ?? ''}` +
        `<ds:DigestMethod Algorithm="${digestAlgorithm}"/>` +
        `<ds:DigestValue>${b64(createHash(digestUri(digestAlgorithm)).update(bytes).digest())}</ds:DigestValue></ds:Reference>\n`,
    );
    const spTransform = options.signedPropertiesTransform
      ? `<ds:Transforms><ds:Transform Algorithm="${options.signedPropertiesTransform}"/></ds:Transforms>`
      : '';
    const spReference = options.omitSignedPropertiesReference
      ? ''
      : `<ds:Reference Id="S0-ref-sp" Type="${ALG.signedProperties}" URI="#S0-SignedProperties">${spTransform}` +
        `<ds:DigestMethod Algorithm="${digestAlgorithm}"/><ds:DigestValue>${signedPropertiesDigest}</ds:DigestValue></ds:Reference>\n`;
    const unsigned = options.withTimestamps
      ? `<xades:UnsignedProperties><xades:UnsignedSignatureProperties>` +
        `<xades:SignatureTimeStamp Id="TS-1"><ds:CanonicalizationMethod Algorithm="${ALG.exc}"/>` +
        `<xades:EncapsulatedTimeStamp>${b64(tokens.signature)}</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp>` +
        `<xades141:ArchiveTimeStamp xmlns:xades141="${NS.xades141}" Id="TS-2"><ds:CanonicalizationMethod Algorithm="${ALG.c14n10}"/>` +
        `<xades:EncapsulatedTimeStamp>${b64(tokens.archive)}</xades:EncapsulatedTimeStamp></xades141:ArchiveTimeStamp>` +
        `</xades:UnsignedSignatureProperties></xades:UnsignedProperties>`
      : '';
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<asic:XAdESSignatures xmlns:asic="${NS.asic}"${onRoot ? ` xmlns:ds="${NS.ds}" xmlns:xades="${NS.xades}"` : ''}>\n` +
      `<ds:Signature${onRoot ? '' : ` xmlns:ds="${NS.ds}"`} Id="S0">\n` +
      `<ds:SignedInfo>\n<ds:CanonicalizationMethod Algorithm="${c14n}"/>\n<ds:SignatureMethod Algorithm="${method}"/>\n` +
      references.join('') +
      spReference +
      `</ds:SignedInfo>\n` +
      `<ds:SignatureValue Id="S0-SIG">${signatureValue}</ds:SignatureValue>\n` +
      `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${b64(options.keyInfoCertificate ?? options.signer.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n` +
      `<ds:Object><xades:QualifyingProperties${onRoot ? '' : ` xmlns:xades="${NS.xades}"`} Target="#S0">` +
      `<xades:SignedProperties Id="S0-SignedProperties"><xades:SignedSignatureProperties>\n` +
      `<xades:SigningTime>${SIGNING_TIME}</xades:SigningTime>\n` +
      signingCertificate(options) +
      `</xades:SignedSignatureProperties></xades:SignedProperties>${unsigned}</xades:QualifyingProperties></ds:Object>\n` +
      `</ds:Signature>\n</asic:XAdESSignatures>\n`
    );
  };
  const edit = options.editTemplate ?? ((xml: string) => xml);

  const first = parse(edit(render('', '')));
  const signedProperties = byId(first, 'S0-SignedProperties');
  const spBytes = canonical(
    signedProperties,
    options.signedPropertiesTransform ?? ALG.c14n10,
    onRoot ? 'xades-on-root' : 'own',
  );
  const spDigest = b64(createHash(digestUri(digestAlgorithm)).update(spBytes).digest());

  const second = parse(edit(render(spDigest, '')));
  const signedInfo = second.getElementsByTagNameNS(NS.ds, 'SignedInfo')[0] as Element;
  const siBytes = canonical(signedInfo, c14n, onRoot ? 'xades-on-root' : 'own');
  const signatureValue = b64(signWith(options.signer, method, siBytes));
  const xml = edit(render(spDigest, signatureValue));
  return { xml, files, resolve: (uri) => files.get(uri), signatureValue, tokens };
}

function signingCertificate(options: BuildOptions): string {
  const kind = options.signingCertificate ?? 'v2';
  if (kind === 'none') return '';
  const der = options.certDigestOf ?? options.signer.certificate;
  const digest = `<xades:CertDigest><ds:DigestMethod Algorithm="${ALG.sha256}"/><ds:DigestValue>${b64(createHash('sha256').update(der).digest())}</ds:DigestValue></xades:CertDigest>`;
  if (kind === 'v2')
    return `<xades:SigningCertificateV2><xades:Cert>${digest}</xades:Cert></xades:SigningCertificateV2>\n`;
  return (
    `<xades:SigningCertificate><xades:Cert>${digest}<xades:IssuerSerial>` +
    `<ds:X509IssuerName>CN=${options.signer.commonName},O=Test Agency,C=LV</ds:X509IssuerName>` +
    `<ds:X509SerialNumber>${options.signer.serial}</ds:X509SerialNumber>` +
    `</xades:IssuerSerial></xades:Cert></xades:SigningCertificate>\n`
  );
}

function signWith(signer: TestSigner, method: string, data: Uint8Array): Uint8Array {
  if (method === ALG.ecdsaSha256)
    return sign('sha256', data, { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });
  if (method === ALG.rsaPssSha256)
    return sign('sha256', data, {
      key: signer.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
  return sign('sha256', data, signer.privateKey);
}

export function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
}

export function byId(document: Document, id: string): Element {
  const all = document.getElementsByTagName('*');
  for (let i = 0; i < all.length; i += 1)
    if (all[i]?.getAttribute('Id') === id) return all[i] as Element;
  throw new Error(`no element with Id ${id}`);
}

/**
 * Canonicalises with xml-crypto, naming the in-scope ancestor namespaces by hand from what the
 * template declares (inclusive c14n must render them on the apex).
 */
function canonical(
  element: Element,
  algorithm: string,
  layout: 'xades-on-root' | 'own',
): Uint8Array {
  if (algorithm === ALG.exc)
    return new TextEncoder().encode(new ExclusiveCanonicalization().process(element, {}));
  // asic is declared on the root and ds on the root or on ds:Signature: both always in scope.
  // xades is on the root, or on QualifyingProperties (in scope for SignedProperties only).
  const ancestors: NamespacePrefix[] = [
    { prefix: 'asic', namespaceURI: NS.asic },
    { prefix: 'ds', namespaceURI: NS.ds },
  ];
  if (layout === 'xades-on-root' || element.localName === 'SignedProperties')
    ancestors.push({ prefix: 'xades', namespaceURI: NS.xades });
  return new TextEncoder().encode(
    new C14nCanonicalization().process(element, { ancestorNamespaces: ancestors }),
  );
}
