import { createHash, timingSafeEqual } from 'node:crypto';
import type { Check } from '../check.js';
import { failed, indeterminate, passed } from '../check.js';
import { parseXmlStrict, XmlRejected } from '../xml/safe-xml.js';
import { describePathProblem, pathProblems } from './container-path.js';
import { hashForDigestMethod } from './xml-digest-algorithms.js';
import { ZipFormatError } from './zip-format-error.js';
import type { ZipArchive } from './zip-reader.js';

/** ETSI EN 319 162-1 namespaces are `http://uri.etsi.org/02918/v1.x.x#`; all versions are read. */
const ASIC_NS_PREFIX = 'http://uri.etsi.org/02918/';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface AsicManifestReference {
  /** The URI as written. */
  uri: string;
  /** The container path it names (percent-decoded), or `null` when it cannot be decoded. */
  path: string | null;
  mimeType: string | null;
  digestMethod: string | null;
  /** Base64 as written, whitespace removed. */
  digestValue: string | null;
}

/**
 * One ASiCManifest (or ASiCArchiveManifest): the list of files, with digests, that the signature
 * or time-stamp it names in SigReference signs (ASiC-E with CAdES or time-stamp tokens).
 */
export interface AsicManifest {
  entry: string;
  /** Container path of the signature or time-stamp token this manifest belongs to. */
  sigReference: string | null;
  references: AsicManifestReference[];
}

/**
 * Parses one ASiCManifest and checks every DataObjectReference against the container: the path is
 * sound, the file is there, and its digest matches. The CMS signature over the manifest itself is
 * checked elsewhere; here we prove the manifest describes these bytes.
 */
export function inspectAsicManifest(
  zip: ZipArchive,
  entry: string,
): { manifest: AsicManifest | null; checks: Check[] } {
  const checks: Check[] = [];
  const where = JSON.stringify(entry);
  let document: Document;
  try {
    document = parseXmlStrict(zip.read(entry), entry);
  } catch (error) {
    if (!(error instanceof XmlRejected) && !(error instanceof ZipFormatError)) throw error;
    return { manifest: null, checks: [failed('asic.asicmanifest.well-formed', error.message)] };
  }
  const root = document.documentElement;
  if (!root.localName.endsWith('Manifest') || !(root.namespaceURI ?? '').startsWith(ASIC_NS_PREFIX))
    return {
      manifest: null,
      checks: [failed('asic.asicmanifest.well-formed', `${where} is not an ASiCManifest`)],
    };
  checks.push(passed('asic.asicmanifest.well-formed', `${where} parses`));

  const children = elementChildren(root);
  const sigReferences = children.filter((e) => e.localName === 'SigReference');
  const sigReference = sigReferences[0]?.getAttribute('URI') ?? null;
  const sigPath = sigReference === null ? null : decodePath(sigReference);
  if (sigReferences.length !== 1 || sigPath === null)
    checks.push(
      failed(
        'asic.asicmanifest.sig-reference',
        `${where} must name exactly one signature or time-stamp`,
      ),
    );
  else if (!zip.entries.some((e) => e.name === sigPath))
    checks.push(
      failed(
        'asic.asicmanifest.sig-reference',
        `${where} names ${JSON.stringify(sigPath)}, which is missing`,
      ),
    );
  else checks.push(passed('asic.asicmanifest.sig-reference', `${where} belongs to ${sigPath}`));

  const references = children
    .filter((e) => e.localName === 'DataObjectReference')
    .map((element) => readReference(element));
  if (references.length === 0)
    checks.push(failed('asic.asicmanifest.references', `${where} references no data object`));
  const seen = new Set<string>();
  for (const reference of references) {
    const key = reference.path ?? reference.uri;
    if (seen.has(key))
      checks.push(
        failed(
          'asic.asicmanifest.unique-references',
          `${where} references ${JSON.stringify(key)} twice`,
        ),
      );
    seen.add(key);
    checks.push(...checkReference(zip, where, reference));
  }
  return { manifest: { entry, sigReference: sigPath, references }, checks };
}

function checkReference(zip: ZipArchive, where: string, reference: AsicManifestReference): Check[] {
  const label = `${where} → ${JSON.stringify(reference.uri)}`;
  if (reference.path === null)
    return [failed('asic.asicmanifest.reference-path', `${label}: URI cannot be decoded`)];
  const problems = pathProblems(reference.path);
  if (problems.length > 0)
    return problems.map((p) =>
      failed('asic.asicmanifest.reference-path', `${label} ${describePathProblem(p)}`),
    );
  if (!zip.entries.some((e) => e.name === reference.path && !e.isDirectory))
    return [
      failed(
        'asic.asicmanifest.reference-present',
        `${label}: the referenced file is not in the container`,
      ),
    ];
  const hash = reference.digestMethod === null ? null : hashForDigestMethod(reference.digestMethod);
  if (hash === null)
    return [
      indeterminate(
        'asic.asicmanifest.digest',
        `${label}: digest method ${reference.digestMethod ?? '(none)'} is not supported`,
      ),
    ];
  const expected =
    reference.digestValue !== null && BASE64.test(reference.digestValue)
      ? Buffer.from(reference.digestValue, 'base64')
      : null;
  if (expected === null)
    return [failed('asic.asicmanifest.digest', `${label}: DigestValue is missing or not base64`)];
  let content: Uint8Array;
  try {
    content = zip.read(reference.path);
  } catch (error) {
    if (!(error instanceof ZipFormatError)) throw error;
    return [failed('asic.asicmanifest.digest', `${label}: ${error.message}`)];
  }
  const actual = createHash(hash).update(content).digest();
  const matches = actual.byteLength === expected.byteLength && timingSafeEqual(actual, expected);
  return [
    matches
      ? passed('asic.asicmanifest.digest', `${label}: ${hash} digest matches`)
      : failed('asic.asicmanifest.digest', `${label}: ${hash} digest does not match the file`),
  ];
}

function readReference(element: Element): AsicManifestReference {
  const uri = element.getAttribute('URI') ?? '';
  const method = elementChildren(element).find(
    (e) => e.localName === 'DigestMethod' && e.namespaceURI === DSIG_NS,
  );
  const value = elementChildren(element).find(
    (e) => e.localName === 'DigestValue' && e.namespaceURI === DSIG_NS,
  );
  return {
    uri,
    path: decodePath(uri),
    mimeType: element.getAttribute('MimeType'),
    digestMethod: method?.getAttribute('Algorithm') ?? null,
    digestValue: value?.textContent?.replace(/\s+/g, '') ?? null,
  };
}

/** URIs are relative references to container paths; a fragment or query is not a file name. */
function decodePath(uri: string): string | null {
  if (/[?#]/.test(uri)) return null;
  try {
    return decodeURIComponent(uri);
  } catch {
    return null;
  }
}

function elementChildren(parent: Element): Element[] {
  const list: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling)
    if (node.nodeType === 1) list.push(node as Element);
  return list;
}
