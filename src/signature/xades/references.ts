import { DEFAULT_CANONICALISATION, WEAK_HASHES } from './algorithms.js';
import { canonicalise, UnsupportedCanonicalisation } from './canonicalise.js';
import { hash, readDigestPair, sameBytes } from './digest.js';
import { attribute, childrenNamed, isDescendantOrSelf } from './dom.js';
import type { Findings } from './findings.js';
import type { IdIndex } from './id-index.js';
import { MAX_REFERENCES_PER_SIGNATURE } from './limits.js';
import { NS_DS, SIGNED_PROPERTIES_TYPE } from './namespaces.js';
import { classifyReferenceUri } from './reference-uri.js';
import { readTransforms } from './transforms.js';
import type { ResolveEntry } from './types.js';

export interface ReferenceOutcome {
  coveredEntries: string[];
  /**
   * The octets each Reference digests, in document order (ETSI XAdES 1.4.1 archive timestamp
   * input); undefined when any of them could not be computed.
   */
  referencedOctets: Uint8Array[] | undefined;
}

export interface ReferenceContext {
  signature: Element;
  signedInfo: Element;
  /** xades:SignedProperties inside this signature's own QualifyingProperties, if found. */
  signedProperties: Element | undefined;
  ids: IdIndex;
  resolveEntry: ResolveEntry;
  findings: Findings;
}

/**
 * Checks every ds:Reference of SignedInfo: where it points (signature-wrapping safe), how it is
 * transformed, and that the digest matches. Also requires the reference to SignedProperties,
 * without which the signer's certificate and signing time are not signed at all.
 */
export function verifyReferences(context: ReferenceContext): ReferenceOutcome {
  const { signedInfo, findings } = context;
  const references = childrenNamed(signedInfo, NS_DS, 'Reference');
  const coveredEntries: string[] = [];
  const octetsInOrder: Array<Uint8Array | undefined> = [];
  if (references.length > MAX_REFERENCES_PER_SIGNATURE) {
    findings.failed(
      'xades.reference.count',
      `SignedInfo has ${references.length} references; at most ${MAX_REFERENCES_PER_SIGNATURE} are accepted`,
      'FORMAT_FAILURE',
    );
    return { coveredEntries, referencedOctets: undefined };
  }
  if (references.length === 0)
    findings.failed('xades.reference.count', 'SignedInfo has no ds:Reference', 'FORMAT_FAILURE');

  let signedPropertiesReferences = 0;
  let dataReferences = 0;
  references.forEach((reference, index) => {
    const label = describe(reference, index);
    const isSignedPropertiesType = attribute(reference, 'Type') === SIGNED_PROPERTIES_TYPE;
    const octets = referencedOctets(context, reference, label, isSignedPropertiesType);
    octetsInOrder.push(octets?.octets);
    // Counted whether or not the entry exists: a missing file is SIGNED_DATA_NOT_FOUND, not "no data".
    if (classifyReferenceUri(attribute(reference, 'URI')).kind === 'entry') dataReferences += 1;
    if (octets?.entry !== undefined && !coveredEntries.includes(octets.entry))
      coveredEntries.push(octets.entry);
    if (octets?.signedProperties) signedPropertiesReferences += 1;
    if (octets) compareDigest(reference, label, octets.octets, findings);
  });

  if (signedPropertiesReferences === 1)
    findings.passed(
      'xades.reference.signed-properties',
      "exactly one reference covers this signature's own xades:SignedProperties",
    );
  else if (signedPropertiesReferences === 0)
    findings.failed(
      'xades.reference.signed-properties',
      "no reference covers this signature's xades:SignedProperties, so the signing certificate and time are not signed",
      'FORMAT_FAILURE',
    );
  else
    findings.failed(
      'xades.reference.signed-properties',
      `${signedPropertiesReferences} references cover SignedProperties; exactly one is expected`,
      'FORMAT_FAILURE',
    );
  if (dataReferences === 0)
    findings.failed(
      'xades.reference.data-objects',
      'no reference covers a container data file',
      'FORMAT_FAILURE',
    );

  const complete = octetsInOrder.every((o): o is Uint8Array => o !== undefined);
  return { coveredEntries, referencedOctets: complete ? octetsInOrder : undefined };
}

interface Resolved {
  octets: Uint8Array;
  entry?: string;
  signedProperties?: boolean;
}

function referencedOctets(
  context: ReferenceContext,
  reference: Element,
  label: string,
  isSignedPropertiesType: boolean,
): Resolved | undefined {
  const { findings } = context;
  const target = classifyReferenceUri(attribute(reference, 'URI'));
  const transforms = readTransforms(reference);
  if (!transforms.ok) {
    findings.failed(
      'xades.reference.transforms',
      `${label}: ${transforms.reason}`,
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  if (target.kind === 'refused') {
    findings.failed('xades.reference.uri', `${label}: ${target.reason}`, 'FORMAT_FAILURE');
    return undefined;
  }
  if (target.kind === 'entry') {
    if (isSignedPropertiesType) {
      findings.failed(
        'xades.reference.uri',
        `${label}: typed as SignedProperties but points outside the signature`,
        'FORMAT_FAILURE',
      );
      return undefined;
    }
    if (transforms.canonicalisation !== undefined) {
      findings.failed(
        'xades.reference.transforms',
        `${label}: transforms on a container file are not accepted; its bytes are signed as they are`,
        'FORMAT_FAILURE',
      );
      return undefined;
    }
    const data = context.resolveEntry(target.name);
    if (!data) {
      findings.failed(
        'xades.reference.uri',
        `${label}: the container has no entry "${target.name}"`,
        'SIGNED_DATA_NOT_FOUND',
      );
      return undefined;
    }
    findings.passed(
      'xades.reference.uri',
      `${label}: resolves to container entry "${target.name}"`,
    );
    return { octets: data, entry: target.name };
  }

  const element = resolveSameDocument(context, target.id, label);
  if (!element) return undefined;
  const isOwnSignedProperties = element === context.signedProperties;
  if (isSignedPropertiesType && !isOwnSignedProperties) {
    findings.failed(
      'xades.reference.uri',
      `${label}: typed as SignedProperties but "#${target.id}" is not the SignedProperties of this signature's QualifyingProperties (signature wrapping)`,
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  if (isOwnSignedProperties && !isSignedPropertiesType)
    findings.warning(
      'xades.reference.type',
      `${label}: covers SignedProperties but lacks Type="${SIGNED_PROPERTIES_TYPE}"`,
    );
  try {
    const octets = canonicalise(
      element,
      transforms.canonicalisation ?? DEFAULT_CANONICALISATION,
      transforms.inclusivePrefixes,
    );
    findings.passed(
      'xades.reference.uri',
      `${label}: resolves to the element with Id "${target.id}"`,
    );
    return isOwnSignedProperties ? { octets, signedProperties: true } : { octets };
  } catch (error) {
    if (!(error instanceof UnsupportedCanonicalisation)) throw error;
    findings.failed('xades.reference.transforms', `${label}: ${error.message}`, 'FORMAT_FAILURE');
    return undefined;
  }
}

/**
 * `#id` resolves only to an element whose `Id` attribute is exactly `id`, only when no other
 * element in the document carries that value in any identifier attribute, and only inside this
 * ds:Signature: each of these closes one way of making the verifier digest a different element
 * from the one an application later reads.
 */
function resolveSameDocument(
  context: ReferenceContext,
  id: string,
  label: string,
): Element | undefined {
  const { findings } = context;
  const carriers = context.ids.carriers(id);
  if (carriers.length > 1) {
    findings.failed(
      'xades.reference.uri',
      `${label}: Id "${id}" occurs ${carriers.length} times in the document (signature wrapping)`,
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  const element = carriers[0];
  if (!element || attribute(element, 'Id') !== id) {
    findings.failed(
      'xades.reference.uri',
      `${label}: no element has Id="${id}"`,
      'SIGNED_DATA_NOT_FOUND',
    );
    return undefined;
  }
  if (!isDescendantOrSelf(element, context.signature)) {
    findings.failed(
      'xades.reference.uri',
      `${label}: Id "${id}" lies outside this ds:Signature`,
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  return element;
}

function compareDigest(
  reference: Element,
  label: string,
  octets: Uint8Array,
  findings: Findings,
): void {
  const digest = readDigestPair(reference);
  if (!digest.ok) {
    findings.failed(
      'xades.reference.digest-algorithm',
      `${label}: ${digest.reason}`,
      'FORMAT_FAILURE',
    );
    return;
  }
  if (WEAK_HASHES.has(digest.hash))
    findings.warning(
      'xades.reference.digest-algorithm',
      `${label}: uses ${digest.hash}, which is no longer collision resistant`,
    );
  if (sameBytes(hash(digest.hash, octets), digest.value))
    findings.passed('xades.reference.digest', `${label}: ${digest.hash} digest matches`);
  else
    findings.failed(
      'xades.reference.digest',
      `${label}: ${digest.hash} digest does not match; the referenced data was altered`,
      'HASH_FAILURE',
    );
}

function describe(reference: Element, index: number): string {
  const uri = attribute(reference, 'URI');
  return `reference ${index + 1}${uri !== undefined ? ` (URI "${uri}")` : ''}`;
}
