import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { C14nCanonicalization, type NamespacePrefix } from 'xml-crypto';
import { parseCertificateDer, type SignerCredentials } from './cms-signer-info.js';
import { pemBlocksToDer, pemToDer } from './pem.js';
import { requestTimestampToken } from './request-timestamp.js';
import { withPrimitiveEncapsulatedContent } from './timestamp-token-der.js';
import { writeZip, type ZipCompression } from './write-zip.js';

/**
 * ASiC-E containers signed with XAdES baseline-T, laid out as Latvian eDoc and Estonian BDOC
 * signers write them: `mimetype` stored first, the OpenDocument `META-INF/manifest.xml`, the data
 * files, and `META-INF/signatures0.xml` holding one ds:Signature whose references digest every
 * data file (SHA-256) and the signed properties (signing time, SigningCertificateV2, one
 * DataObjectFormat per file), with an RFC 3161 signature time-stamp over the canonicalised
 * ds:SignatureValue and the issuing CAs in CertificateValues.
 *
 * The canonical forms are computed with xml-crypto directly, with the ancestors' namespace
 * declarations collected here, not with the verifier's canonicalise(): the fixture must not
 * inherit a bug of the code it tests. edockit, with its own canonicaliser, is the second opinion.
 */

export const ASIC_E_MIMETYPE = 'application/vnd.etsi.asic-e+zip';
export const DEFAULT_SIGNATURE_FILE = 'META-INF/signatures0.xml';
/** What an unknown data file is declared as in manifest.xml and DataObjectFormat. */
const DEFAULT_DATA_MIMETYPE = 'application/octet-stream';
const MANIFEST_ENTRY = 'META-INF/manifest.xml';

const NS = {
  asic: 'http://uri.etsi.org/02918/v1.2.1#',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
  manifest: 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0',
} as const;
const ALG = {
  /** Inclusive c14n 1.1, what eDoc and BDOC signers use for SignedInfo and the time-stamp. */
  c14n11: 'http://www.w3.org/2006/12/xml-c14n11',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  signedProperties: 'http://uri.etsi.org/01903#SignedProperties',
} as const;

export interface AsiceDataFile {
  /** Entry name in the container; folders with `/`. */
  name: string;
  bytes: Uint8Array;
  /** Media type for manifest.xml and DataObjectFormat; default application/octet-stream. */
  mimeType?: string;
  /** Default deflate, as eDoc signers write; `store` for incompressible payloads. */
  compression?: ZipCompression;
}

/** A test PKI signer (`pki.signers.valid`), or any PEM certificate and key. */
export type AsiceSigner = SignerCredentials & { chainPem?: string };

export interface MakeSignedAsiceOptions {
  /** RFC 3161 TSA for the signature time-stamp (the loopback PKI server's `tsaUrl`). */
  tsaUrl: string;
  /** Issuing CA certificates (PEM) for CertificateValues; default the signer's `chainPem`. */
  chain?: string;
  /** The claimed xades:SigningTime; default now. Also the ZIP entries' modification time. */
  signingTime?: Date;
  /** ds:Signature Id; default S0. */
  signatureId?: string;
  /** Default META-INF/signatures0.xml. */
  signatureFile?: string;
}

/** Signs the files and packs them into an ASiC-E container (the bytes of a .asice / .edoc). */
export async function makeSignedAsice(
  signer: AsiceSigner,
  files: readonly AsiceDataFile[],
  options: MakeSignedAsiceOptions,
): Promise<Uint8Array> {
  const signingTime = options.signingTime ?? new Date();
  const signatures = await makeXadesSignatures(signer, files, { ...options, signingTime });
  return packAsice(files, signatures, {
    signatureFile: options.signatureFile ?? DEFAULT_SIGNATURE_FILE,
    modifiedAt: signingTime,
  });
}

/**
 * The container around a ready signature document. Separate so a test can pack altered data
 * files with the original signatures into an otherwise well-formed archive (correct CRCs).
 */
export function packAsice(
  files: readonly AsiceDataFile[],
  signatures: Uint8Array,
  options: { signatureFile?: string; modifiedAt?: Date } = {},
): Uint8Array {
  const text = new TextEncoder();
  return writeZip(
    [
      { name: 'mimetype', bytes: text.encode(ASIC_E_MIMETYPE), compression: 'store' },
      { name: MANIFEST_ENTRY, bytes: text.encode(odfManifest(files)), compression: 'deflate' },
      ...files.map((f) => ({
        name: f.name,
        bytes: f.bytes,
        compression: f.compression ?? 'deflate',
      })),
      {
        name: options.signatureFile ?? DEFAULT_SIGNATURE_FILE,
        bytes: signatures,
        compression: 'deflate',
      },
    ],
    options.modifiedAt ?? new Date(),
  );
}

function odfManifest(files: readonly AsiceDataFile[]): string {
  const entry = (path: string, type: string): string =>
    `<manifest:file-entry manifest:full-path="${xmlEscape(path)}" manifest:media-type="${xmlEscape(type)}"/>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n` +
    `<manifest:manifest xmlns:manifest="${NS.manifest}" manifest:version="1.2">\n` +
    [entry('/', ASIC_E_MIMETYPE), ...files.map((f) => entry(f.name, mimeTypeOf(f)))].join('\n') +
    `\n</manifest:manifest>\n`
  );
}

/** The XAdES B-T signature document (`asic:XAdESSignatures`) over the files, as UTF-8 bytes. */
export async function makeXadesSignatures(
  signer: AsiceSigner,
  files: readonly AsiceDataFile[],
  options: MakeSignedAsiceOptions,
): Promise<Uint8Array> {
  if (files.length === 0) throw new Error('an ASiC-E container needs at least one data file');
  const key = createPrivateKey(signer.keyPem);
  const scheme = signatureScheme(key);
  const certificate = pemToDer(signer.certPem);
  const chainPem = options.chain ?? signer.chainPem ?? '';
  const template: Template = {
    id: options.signatureId ?? 'S0',
    signatureMethod: scheme.algorithm,
    files: files.map((f) => ({
      uri: f.name.split('/').map(encodeURIComponent).join('/'),
      digest: sha256Base64(f.bytes),
      mimeType: mimeTypeOf(f),
    })),
    signingTime: xsDateTime(options.signingTime ?? new Date()),
    certificate: base64(certificate),
    certDigest: sha256Base64(certificate),
    issuerSerialV2: base64(issuerSerialV2(certificate)),
    chain: chainPem ? pemBlocksToDer(chainPem).map(base64) : [],
    signedPropertiesDigest: '',
    signatureValue: '',
    timestampToken: '',
  };
  const id = template.id;

  const signedProperties = elementWithId(parse(render(template)), `${id}-SignedProperties`);
  template.signedPropertiesDigest = sha256Base64(c14n(signedProperties));

  const signedInfo = firstElement(parse(render(template)), NS.ds, 'SignedInfo');
  template.signatureValue = base64(scheme.sign(c14n(signedInfo)));

  const signatureValue = firstElement(parse(render(template)), NS.ds, 'SignatureValue');
  const token = await requestTimestampToken({
    tsaUrl: options.tsaUrl,
    data: c14n(signatureValue),
    digest: 'sha256',
  });
  template.timestampToken = base64(withPrimitiveEncapsulatedContent(token));
  return new TextEncoder().encode(render(template));
}

interface Template {
  id: string;
  signatureMethod: string;
  files: Array<{ uri: string; digest: string; mimeType: string }>;
  signingTime: string;
  certificate: string;
  certDigest: string;
  issuerSerialV2: string;
  chain: string[];
  signedPropertiesDigest: string;
  signatureValue: string;
  timestampToken: string;
}

/**
 * The whole document; rendered again after each value is known. Nothing outside the element
 * being digested changes between renderings, so earlier digests stay valid.
 */
function render(t: Template): string {
  const dataReferences = t.files.map(
    (f, i) =>
      `<ds:Reference Id="${t.id}-ref-${i}" URI="${xmlEscape(f.uri)}">` +
      `<ds:DigestMethod Algorithm="${ALG.sha256}"/><ds:DigestValue>${f.digest}</ds:DigestValue></ds:Reference>\n`,
  );
  const dataObjectFormats = t.files.map(
    (f, i) =>
      `<xades:DataObjectFormat ObjectReference="#${t.id}-ref-${i}"><xades:MimeType>${xmlEscape(f.mimeType)}</xades:MimeType></xades:DataObjectFormat>`,
  );
  const certificateValues =
    t.chain.length === 0
      ? ''
      : `<xades:CertificateValues>${t.chain.map((c) => `<xades:EncapsulatedX509Certificate>${c}</xades:EncapsulatedX509Certificate>`).join('')}</xades:CertificateValues>\n`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n` +
    `<asic:XAdESSignatures xmlns:asic="${NS.asic}" xmlns:ds="${NS.ds}" xmlns:xades="${NS.xades}">\n` +
    `<ds:Signature Id="${t.id}">\n` +
    `<ds:SignedInfo>\n` +
    `<ds:CanonicalizationMethod Algorithm="${ALG.c14n11}"/>\n` +
    `<ds:SignatureMethod Algorithm="${t.signatureMethod}"/>\n` +
    dataReferences.join('') +
    `<ds:Reference Id="${t.id}-ref-sp" Type="${ALG.signedProperties}" URI="#${t.id}-SignedProperties">` +
    `<ds:Transforms><ds:Transform Algorithm="${ALG.c14n11}"/></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${ALG.sha256}"/><ds:DigestValue>${t.signedPropertiesDigest}</ds:DigestValue></ds:Reference>\n` +
    `</ds:SignedInfo>\n` +
    `<ds:SignatureValue Id="${t.id}-SIG">${t.signatureValue}</ds:SignatureValue>\n` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${t.certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n` +
    `<ds:Object><xades:QualifyingProperties Target="#${t.id}">\n` +
    `<xades:SignedProperties Id="${t.id}-SignedProperties">\n` +
    `<xades:SignedSignatureProperties>\n` +
    `<xades:SigningTime>${t.signingTime}</xades:SigningTime>\n` +
    `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>` +
    `<ds:DigestMethod Algorithm="${ALG.sha256}"/><ds:DigestValue>${t.certDigest}</ds:DigestValue></xades:CertDigest>` +
    `<xades:IssuerSerialV2>${t.issuerSerialV2}</xades:IssuerSerialV2></xades:Cert></xades:SigningCertificateV2>\n` +
    `</xades:SignedSignatureProperties>\n` +
    `<xades:SignedDataObjectProperties>${dataObjectFormats.join('')}</xades:SignedDataObjectProperties>\n` +
    `</xades:SignedProperties>\n` +
    `<xades:UnsignedProperties><xades:UnsignedSignatureProperties>\n` +
    `<xades:SignatureTimeStamp Id="${t.id}-T0"><ds:CanonicalizationMethod Algorithm="${ALG.c14n11}"/>` +
    `<xades:EncapsulatedTimeStamp>${t.timestampToken}</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp>\n` +
    certificateValues +
    `</xades:UnsignedSignatureProperties></xades:UnsignedProperties>\n` +
    `</xades:QualifyingProperties></ds:Object>\n` +
    `</ds:Signature>\n` +
    `</asic:XAdESSignatures>\n`
  );
}

function signatureScheme(key: KeyObject): {
  algorithm: string;
  sign(data: Uint8Array): Uint8Array;
} {
  if (key.asymmetricKeyType === 'rsa')
    return {
      algorithm: ALG.rsaSha256,
      sign: (data) => new Uint8Array(sign('sha256', data, key)),
    };
  if (key.asymmetricKeyType === 'ec')
    // XML-DSig wants r || s (RFC 4050), not the DER Ecdsa-Sig-Value CMS uses.
    return {
      algorithm: ALG.ecdsaSha256,
      sign: (data) => new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
    };
  throw new Error(`unsupported signer key type ${String(key.asymmetricKeyType)}`);
}

/** DER of a CMS IssuerSerial: GeneralNames holding the issuer's directoryName, and the serial. */
function issuerSerialV2(certificateDer: Uint8Array): Uint8Array {
  const certificate = parseCertificateDer(certificateDer);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new pkijs.GeneralName({ type: 4, value: certificate.issuer }).toSchema()],
      }),
      certificate.serialNumber,
    ],
  });
  return new Uint8Array(issuerSerial.toBER());
}

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
}

function firstElement(document: Document, namespace: string, localName: string): Element {
  const element = document.getElementsByTagNameNS(namespace, localName)[0];
  if (!element) throw new Error(`the template has no ${localName}`);
  return element;
}

function elementWithId(document: Document, id: string): Element {
  const all = document.getElementsByTagName('*');
  for (let i = 0; i < all.length; i += 1) {
    const element = all[i];
    if (element?.getAttribute('Id') === id) return element;
  }
  throw new Error(`the template has no element with Id ${id}`);
}

/**
 * Inclusive c14n of one element: xml-crypto renders the ancestors' namespace declarations only if
 * it is handed them. c14n 1.1 equals 1.0 here because no element carries xml:* attributes.
 */
function c14n(element: Element): Uint8Array {
  const ancestorNamespaces: NamespacePrefix[] = [];
  // The apex's own declarations and nearer ancestors' win over farther ones.
  const seen = new Set(prefixedDeclarations(element).map((ns) => ns.prefix));
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode)
    for (const ns of prefixedDeclarations(node as Element)) {
      if (seen.has(ns.prefix)) continue;
      seen.add(ns.prefix);
      ancestorNamespaces.push(ns);
    }
  return new TextEncoder().encode(
    new C14nCanonicalization().process(element, { ancestorNamespaces }),
  );
}

/** The template declares only prefixed namespaces (no default namespace), so only those count. */
function prefixedDeclarations(element: Element): NamespacePrefix[] {
  const out: NamespacePrefix[] = [];
  for (let i = 0; i < element.attributes.length; i += 1) {
    const attribute = element.attributes.item(i);
    if (attribute?.name.startsWith('xmlns:'))
      out.push({ prefix: attribute.name.slice('xmlns:'.length), namespaceURI: attribute.value });
  }
  return out;
}

function mimeTypeOf(file: AsiceDataFile): string {
  return file.mimeType ?? DEFAULT_DATA_MIMETYPE;
}

/** xs:dateTime in UTC without milliseconds, as eDoc signers write SigningTime. */
function xsDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function xmlEscape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
