import { DEFAULT_CANONICALISATION } from './algorithms.js';
import { canonicalise, UnsupportedCanonicalisation } from './canonicalise.js';
import {
  attribute,
  childElements,
  childrenNamed,
  decodeBase64,
  isNamed,
  onlyChild,
  textOf,
} from './dom.js';
import type { Findings } from './findings.js';
import { NS_DS, NS_XADES, NS_XADES141 } from './namespaces.js';
import { ocspForm } from './ocsp-form.js';
import { readInclusivePrefixes } from './transforms.js';
import type { TimestampKind, XadesRevocationValues, XadesTimestamp } from './types.js';

/** What the imprint of each kind of timestamp is computed over (besides the timestamp itself). */
export interface ImprintSources {
  signedInfo: Element;
  signatureValue: Element;
  keyInfo: Element | undefined;
  /** The octets each ds:Reference digests, in order; undefined when not all could be computed. */
  referencedOctets: Uint8Array[] | undefined;
  /** ds:Object elements of the signature other than the one holding QualifyingProperties. */
  otherObjects: Element[];
}

export interface UnsignedValues {
  timestamps: XadesTimestamp[];
  certificates: Uint8Array[];
  revocationValues: XadesRevocationValues;
}

const TIMESTAMP_ELEMENTS: ReadonlyArray<readonly [string, string, TimestampKind]> = [
  [NS_XADES, 'SignatureTimeStamp', 'signature'],
  [NS_XADES141, 'ArchiveTimeStamp', 'archive'],
  [NS_XADES, 'ArchiveTimeStamp', 'archive'],
  [NS_XADES, 'SigAndRefsTimeStamp', 'sig-and-refs'],
  [NS_XADES141, 'SigAndRefsTimeStampV2', 'sig-and-refs'],
  [NS_XADES, 'RefsOnlyTimeStamp', 'refs-only'],
  [NS_XADES141, 'RefsOnlyTimeStampV2', 'refs-only'],
];

/** Elements that hold validation data (certificates and revocation values) for the report. */
const VALIDATION_DATA_HOLDERS: ReadonlyArray<readonly [string, string]> = [
  [NS_XADES141, 'TimeStampValidationData'],
  // Written by some SK ID Solutions tools after an archive timestamp; not in the standard.
  [NS_XADES141, 'AnyValidationData'],
];

/**
 * Reads xades:UnsignedSignatureProperties: the timestamp tokens with the exact bytes each must
 * cover, and the certificates and revocation values carried for long-term validation. Nothing
 * here is signed; it is only handed on for the timestamp, chain and revocation checks.
 */
export function readUnsignedProperties(
  unsignedSignatureProperties: Element | undefined,
  sources: ImprintSources,
  findings: Findings,
): UnsignedValues {
  const values: UnsignedValues = {
    timestamps: [],
    certificates: [],
    revocationValues: { ocsps: [], ocspForms: [], crls: [] },
  };
  if (!unsignedSignatureProperties) return values;
  const properties = childElements(unsignedSignatureProperties);
  properties.forEach((property, position) => {
    const kind = timestampKind(property);
    if (kind) {
      const imprintInput = imprintFor(
        kind,
        property,
        properties.slice(0, position),
        sources,
        findings,
      );
      for (const encapsulated of childrenNamed(property, NS_XADES, 'EncapsulatedTimeStamp')) {
        const token = decodeBase64(textOf(encapsulated));
        if (!token) {
          findings.failed(
            'xades.timestamp.encoding',
            `a ${kind} timestamp token is not base64`,
            'FORMAT_FAILURE',
          );
          continue;
        }
        const timestamp: XadesTimestamp = { kind, token };
        if (imprintInput) timestamp.imprintInput = imprintInput;
        const id = attribute(property, 'Id');
        if (id !== undefined) timestamp.id = id;
        values.timestamps.push(timestamp);
      }
      return;
    }
    if (
      isNamed(property, NS_XADES, 'CertificateValues') ||
      isNamed(property, NS_XADES, 'RevocationValues')
    ) {
      collectValidationData(property, values, findings);
      return;
    }
    if (VALIDATION_DATA_HOLDERS.some(([ns, name]) => isNamed(property, ns, name)))
      for (const child of childElements(property)) collectValidationData(child, values, findings);
  });
  return values;
}

function timestampKind(element: Element): TimestampKind | undefined {
  return TIMESTAMP_ELEMENTS.find(([ns, name]) => isNamed(element, ns, name))?.[2];
}

function collectValidationData(element: Element, values: UnsignedValues, findings: Findings): void {
  const decode = (node: Element, what: string): Uint8Array | undefined => {
    const der = decodeBase64(textOf(node));
    if (!der)
      findings.warning(
        'xades.validation-data.encoding',
        `an ${what} is not base64 and was skipped`,
      );
    return der;
  };
  if (isNamed(element, NS_XADES, 'CertificateValues'))
    for (const node of childrenNamed(element, NS_XADES, 'EncapsulatedX509Certificate')) {
      const der = decode(node, 'EncapsulatedX509Certificate');
      if (der) values.certificates.push(der);
    }
  if (isNamed(element, NS_XADES, 'RevocationValues')) {
    for (const list of childrenNamed(element, NS_XADES, 'OCSPValues'))
      for (const node of childrenNamed(list, NS_XADES, 'EncapsulatedOCSPValue')) {
        const der = decode(node, 'EncapsulatedOCSPValue');
        if (!der) continue;
        values.revocationValues.ocsps.push(der);
        values.revocationValues.ocspForms.push(ocspForm(der));
      }
    for (const list of childrenNamed(element, NS_XADES, 'CRLValues'))
      for (const node of childrenNamed(list, NS_XADES, 'EncapsulatedCRLValue')) {
        const der = decode(node, 'EncapsulatedCRLValue');
        if (der) values.revocationValues.crls.push(der);
      }
  }
}

/** The refs elements a SigAndRefs / RefsOnly timestamp covers, in the order XAdES lists them. */
const REFS_ELEMENTS = [
  'CompleteCertificateRefs',
  'CompleteRevocationRefs',
  'AttributeCertificateRefs',
  'AttributeRevocationRefs',
] as const;

function imprintFor(
  kind: TimestampKind,
  timestamp: Element,
  preceding: readonly Element[],
  sources: ImprintSources,
  findings: Findings,
): Uint8Array | undefined {
  const method = onlyChild(timestamp, NS_DS, 'CanonicalizationMethod');
  const algorithm = method ? (attribute(method, 'Algorithm') ?? '') : DEFAULT_CANONICALISATION;
  const parameters = method
    ? readInclusivePrefixes(method, algorithm)
    : { ok: true as const, inclusivePrefixes: [] };
  const label = `${kind} timestamp${attribute(timestamp, 'Id') ? ` ${attribute(timestamp, 'Id')}` : ''}`;
  if (!parameters.ok) {
    findings.warning(
      'xades.timestamp.imprint-input',
      `${label}: ${parameters.reason}; imprint input not computed`,
    );
    return undefined;
  }
  const c14n = (element: Element) => canonicalise(element, algorithm, parameters.inclusivePrefixes);
  const precedingNamed = (name: string, ns = NS_XADES) =>
    preceding.filter((p) => isNamed(p, ns, name));
  try {
    switch (kind) {
      case 'signature':
        return c14n(sources.signatureValue);
      case 'sig-and-refs':
        return concat([
          c14n(sources.signatureValue),
          ...precedingNamed('SignatureTimeStamp').map(c14n),
          ...REFS_ELEMENTS.flatMap((name) => precedingNamed(name).map(c14n)),
        ]);
      case 'refs-only':
        return concat(REFS_ELEMENTS.flatMap((name) => precedingNamed(name).map(c14n)));
      case 'archive':
        return archiveInput(timestamp, preceding, sources, c14n, label, findings);
    }
  } catch (error) {
    if (!(error instanceof UnsupportedCanonicalisation)) throw error;
    findings.warning(
      'xades.timestamp.imprint-input',
      `${label}: ${error.message}; imprint input not computed`,
    );
    return undefined;
  }
}

/**
 * XAdES 1.4.1 (ETSI TS 101 903 §8.2, EN 319 132-1 §5.5.2) archive timestamp input: the octets of
 * every Reference after its transforms, then SignedInfo, SignatureValue and KeyInfo, then every
 * unsigned signature property before this timestamp, then every other ds:Object — each element
 * canonicalised with the timestamp's own CanonicalizationMethod.
 */
function archiveInput(
  timestamp: Element,
  preceding: readonly Element[],
  sources: ImprintSources,
  c14n: (element: Element) => Uint8Array,
  label: string,
  findings: Findings,
): Uint8Array | undefined {
  if (timestamp.namespaceURI !== NS_XADES141) {
    findings.warning(
      'xades.timestamp.imprint-input',
      `${label}: a XAdES 1.3.2 ArchiveTimeStamp uses a superseded input rule that is not implemented; imprint input not computed`,
    );
    return undefined;
  }
  if (!sources.referencedOctets) {
    findings.warning(
      'xades.timestamp.imprint-input',
      `${label}: not every reference could be resolved, so the archive imprint input is unknown`,
    );
    return undefined;
  }
  return concat([
    ...sources.referencedOctets,
    c14n(sources.signedInfo),
    c14n(sources.signatureValue),
    ...(sources.keyInfo ? [c14n(sources.keyInfo)] : []),
    ...preceding.map(c14n),
    ...sources.otherObjects.map(c14n),
  ]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
