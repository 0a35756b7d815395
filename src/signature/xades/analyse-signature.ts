import { sameBytes } from './digest.js';
import { attribute, childrenNamed, decodeBase64, onlyChild, textOf } from './dom.js';
import { Findings } from './findings.js';
import type { IdIndex } from './id-index.js';
import { NS_DS, NS_XADES } from './namespaces.js';
import { verifyReferences } from './references.js';
import { findSigningCertificate } from './signing-certificate.js';
import { verifySignatureValue } from './signature-value.js';
import { readSignatureStructure } from './signature-structure.js';
import type { ResolveEntry, XadesLevel, XadesSignature, XadesTimestamp } from './types.js';
import { readUnsignedProperties } from './unsigned-properties.js';

/** xs:dateTime as XAdES SigningTime uses it; a time zone is required so the instant is unambiguous. */
const XS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Analyses one ds:Signature of a signature document. Never throws for an invalid signature. */
export function analyseSignature(
  signature: Element,
  ids: IdIndex,
  resolveEntry: ResolveEntry,
): XadesSignature {
  const findings = new Findings();
  const parts = readSignatureStructure(signature, ids, findings);

  const keyInfoCertificates = parts.keyInfo ? readKeyInfoCertificates(parts.keyInfo, findings) : [];
  const signerIndex = findSigningCertificate(
    parts.signedSignatureProperties,
    keyInfoCertificates,
    findings,
  );
  const signerCertificate =
    signerIndex === undefined ? undefined : keyInfoCertificates[signerIndex];

  const references = parts.signedInfo
    ? verifyReferences({
        signature,
        signedInfo: parts.signedInfo,
        signedProperties: parts.signedProperties,
        ids,
        resolveEntry,
        findings,
      })
    : { coveredEntries: [], referencedOctets: undefined };

  if (parts.signedInfo && parts.signatureValue) {
    // Without an identified signer the value is still checked with the first KeyInfo
    // certificate, so the report can tell "unbound certificate" apart from "forged value".
    verifySignatureValue(
      parts.signedInfo,
      parts.signatureValue,
      signerCertificate
        ? { der: signerCertificate, bound: true }
        : keyInfoCertificates[0]
          ? { der: keyInfoCertificates[0], bound: false }
          : undefined,
      findings,
    );
  }

  const unsigned =
    parts.signedInfo && parts.signatureValue
      ? readUnsignedProperties(
          parts.unsignedSignatureProperties,
          {
            signedInfo: parts.signedInfo,
            signatureValue: parts.signatureValue,
            keyInfo: parts.keyInfo,
            referencedOctets: references.referencedOctets,
            otherObjects: parts.otherObjects,
          },
          findings,
        )
      : {
          timestamps: [],
          certificates: [],
          revocationValues: { ocsps: [], ocspForms: [], crls: [] },
        };

  const otherCertificates: Uint8Array[] = [];
  for (const der of [...keyInfoCertificates, ...unsigned.certificates])
    if (der !== signerCertificate && !otherCertificates.some((seen) => sameBytes(seen, der)))
      if (!signerCertificate || !sameBytes(signerCertificate, der)) otherCertificates.push(der);

  const hasRevocation =
    unsigned.revocationValues.ocsps.length + unsigned.revocationValues.crls.length > 0;
  const level = levelOf(unsigned.timestamps, hasRevocation);
  if (level === 'B-B' && hasRevocation)
    findings.warning(
      'xades.level',
      'revocation values without a signature timestamp (e.g. a BDOC time-mark): reported as B-B',
    );

  const result: XadesSignature = {
    otherCertificates,
    coveredEntries: references.coveredEntries,
    timestamps: unsigned.timestamps,
    revocationValues: unsigned.revocationValues,
    level,
    checks: [],
  };
  const id = attribute(signature, 'Id');
  if (id !== undefined) result.id = id;
  if (signerCertificate) result.signerCertificate = signerCertificate;
  const signingTime = readSigningTime(parts.signedSignatureProperties, findings);
  if (signingTime) result.claimedSigningTime = signingTime;
  result.checks = findings.checks();
  const hint = findings.hint();
  if (hint) result.indicationHint = hint;
  return result;
}

function readKeyInfoCertificates(keyInfo: Element, findings: Findings): Uint8Array[] {
  const certificates: Uint8Array[] = [];
  for (const data of childrenNamed(keyInfo, NS_DS, 'X509Data'))
    for (const node of childrenNamed(data, NS_DS, 'X509Certificate')) {
      const der = decodeBase64(textOf(node));
      if (der) certificates.push(der);
      else
        findings.warning(
          'xades.key-info.certificate',
          'a ds:X509Certificate is not base64 and was skipped',
        );
    }
  if (certificates.length === 0)
    findings.failed(
      'xades.key-info.certificate',
      'ds:KeyInfo carries no X509Certificate',
      'NO_SIGNING_CERTIFICATE_FOUND',
    );
  return certificates;
}

function readSigningTime(ssp: Element | undefined, findings: Findings): Date | undefined {
  const element = ssp ? onlyChild(ssp, NS_XADES, 'SigningTime') : undefined;
  if (!element) {
    findings.warning('xades.signing-time', 'no signed xades:SigningTime');
    return undefined;
  }
  const text = textOf(element).trim();
  const time = XS_DATE_TIME.test(text) ? new Date(text) : undefined;
  if (!time || Number.isNaN(time.getTime())) {
    findings.failed(
      'xades.signing-time',
      `SigningTime "${text}" is not an xs:dateTime with time zone`,
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  findings.passed('xades.signing-time', `claimed signing time ${time.toISOString()}`);
  return time;
}

function levelOf(timestamps: readonly XadesTimestamp[], hasRevocation: boolean): XadesLevel {
  if (timestamps.some((t) => t.kind === 'archive')) return 'B-LTA';
  const timestamped = timestamps.some((t) => t.kind === 'signature');
  if (timestamped && hasRevocation) return 'B-LT';
  if (timestamped) return 'B-T';
  return 'B-B';
}
