import { WEAK_HASHES } from './algorithms.js';
import { certificateIdentity, type CertificateIdentity } from './certificate-fields.js';
import { children, DerError, integerValue, readTlv, TAG_INTEGER, TAG_SEQUENCE } from './der.js';
import { hash, readDigestPair, sameBytes } from './digest.js';
import { childrenNamed, decodeBase64, onlyChild, textOf } from './dom.js';
import { nameFromDer, nameFromString, sameName } from './distinguished-name.js';
import type { Findings } from './findings.js';
import { NS_DS, NS_XADES } from './namespaces.js';

/** Context tag of GeneralName.directoryName ([4], constructed). */
const DIRECTORY_NAME_TAG = 0xa4;

/**
 * Finds, among the candidate certificates, the one the signed xades:SigningCertificate(V2)
 * designates: its digest must equal a CertDigest and, where an IssuerSerial is given, issuer and
 * serial must match too. The first xades:Cert that matches a candidate wins (the first Cert is the
 * signer's by convention; later ones may name its CAs). Returns the candidate's index.
 */
export function findSigningCertificate(
  signedSignatureProperties: Element | undefined,
  candidates: readonly Uint8Array[],
  findings: Findings,
): number | undefined {
  const v1 = signedSignatureProperties
    ? childrenNamed(signedSignatureProperties, NS_XADES, 'SigningCertificate')
    : [];
  const v2 = signedSignatureProperties
    ? childrenNamed(signedSignatureProperties, NS_XADES, 'SigningCertificateV2')
    : [];
  if (v1.length + v2.length !== 1) {
    findings.failed(
      'xades.signing-certificate.present',
      v1.length + v2.length === 0
        ? 'SignedProperties names no signing certificate (no SigningCertificate or SigningCertificateV2)'
        : 'SignedProperties holds more than one SigningCertificate element',
      'NO_SIGNING_CERTIFICATE_FOUND',
    );
    return undefined;
  }
  const isV2 = v2.length === 1;
  const container = (isV2 ? v2[0] : v1[0]) as Element;
  const certs = childrenNamed(container, NS_XADES, 'Cert');
  if (certs.length === 0) {
    findings.failed(
      'xades.signing-certificate.present',
      'SigningCertificate holds no xades:Cert',
      'NO_SIGNING_CERTIFICATE_FOUND',
    );
    return undefined;
  }
  findings.passed(
    'xades.signing-certificate.present',
    `signed ${isV2 ? 'SigningCertificateV2' : 'SigningCertificate'} present`,
  );

  const identities = candidates.map((der) => certificateIdentity(der));
  const problems: string[] = [];
  for (const cert of certs) {
    const digestElement = onlyChild(cert, NS_XADES, 'CertDigest');
    const digest = digestElement ? readDigestPair(digestElement) : undefined;
    if (!digest || !digest.ok) {
      problems.push(digest ? digest.reason : 'a xades:Cert has no CertDigest');
      continue;
    }
    const byDigest = candidates.findIndex((der) => sameBytes(hash(digest.hash, der), digest.value));
    if (byDigest < 0) continue;
    const identity = identities[byDigest];
    const issuerSerial = isV2
      ? matchIssuerSerialV2(cert, identity)
      : matchIssuerSerialV1(cert, identity);
    if (issuerSerial === 'mismatch') {
      problems.push('a certificate matches the CertDigest but not the IssuerSerial');
      continue;
    }
    if (WEAK_HASHES.has(digest.hash))
      findings.warning('xades.signing-certificate.digest', `CertDigest uses ${digest.hash}`);
    findings.passed(
      'xades.signing-certificate.digest',
      `the signer certificate matches the signed CertDigest (${digest.hash})${issuerSerial === 'match' ? ' and IssuerSerial' : ''}`,
    );
    return byDigest;
  }
  findings.failed(
    'xades.signing-certificate.digest',
    `no certificate in the signature matches the signed SigningCertificate${problems.length ? ` (${problems.join('; ')})` : ''}`,
    'NO_SIGNING_CERTIFICATE_FOUND',
  );
  return undefined;
}

type IssuerSerialResult = 'match' | 'mismatch' | 'absent';

function matchIssuerSerialV1(
  cert: Element,
  identity: CertificateIdentity | undefined,
): IssuerSerialResult {
  const issuerSerial = onlyChild(cert, NS_XADES, 'IssuerSerial');
  if (!issuerSerial) return 'absent';
  const nameElement = onlyChild(issuerSerial, NS_DS, 'X509IssuerName');
  const serialElement = onlyChild(issuerSerial, NS_DS, 'X509SerialNumber');
  if (!identity || !nameElement || !serialElement) return 'mismatch';
  const serialText = textOf(serialElement).trim();
  if (!/^-?\d+$/.test(serialText) || BigInt(serialText) !== integerValue(identity.serial))
    return 'mismatch';
  const claimed = nameFromString(textOf(nameElement));
  const actual = nameFromDer(identity.issuer);
  return claimed && actual && sameName(claimed, actual) ? 'match' : 'mismatch';
}

/** IssuerSerialV2 is the DER of a CMS IssuerSerial: GeneralNames (a directoryName) and serial. */
function matchIssuerSerialV2(
  cert: Element,
  identity: CertificateIdentity | undefined,
): IssuerSerialResult {
  const element = onlyChild(cert, NS_XADES, 'IssuerSerialV2');
  if (!element) return 'absent';
  const der = decodeBase64(textOf(element));
  if (!identity || !der) return 'mismatch';
  try {
    const outer = readTlv(der);
    const [generalNames, serial] = children(outer.content);
    if (outer.tag !== TAG_SEQUENCE || !generalNames || !serial || serial.tag !== TAG_INTEGER)
      return 'mismatch';
    const names = children(generalNames.content);
    const directoryName = names.length === 1 ? names[0] : undefined;
    if (!directoryName || directoryName.tag !== DIRECTORY_NAME_TAG) return 'mismatch';
    const name = readTlv(directoryName.content);
    if (integerValue(serial.content) !== integerValue(identity.serial)) return 'mismatch';
    if (sameBytes(name.bytes, identity.issuer.bytes)) return 'match';
    const claimed = nameFromDer(name);
    const actual = nameFromDer(identity.issuer);
    return claimed && actual && sameName(claimed, actual) ? 'match' : 'mismatch';
  } catch (error) {
    if (error instanceof DerError) return 'mismatch';
    throw error;
  }
}
