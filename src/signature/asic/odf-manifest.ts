import type { Check } from '../check.js';
import { failed, passed, warning } from '../check.js';
import { parseXmlStrict, XmlRejected } from '../xml/safe-xml.js';
import { describePathProblem, pathProblems } from './container-path.js';

export const ODF_MANIFEST_ENTRY = 'META-INF/manifest.xml';
const MANIFEST_NS = 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0';
const ROOT_PATH = '/';

export interface OdfManifestEntry {
  fullPath: string;
  /** `null` when the attribute is absent. */
  mediaType: string | null;
}

/** META-INF/manifest.xml (OpenDocument packaging, used by ASiC-E with XAdES, BDOC and eDoc). */
export interface OdfManifest {
  /** Media type of the `/` entry: the container's own type, or `null` without that entry. */
  rootMediaType: string | null;
  /** Every other file-entry, in document order. */
  fileEntries: OdfManifestEntry[];
}

/** Parses manifest.xml; a malformed one is a failed check, not an exception. */
export function parseOdfManifest(bytes: Uint8Array): {
  manifest: OdfManifest | null;
  checks: Check[];
} {
  let document: Document;
  try {
    document = parseXmlStrict(bytes, ODF_MANIFEST_ENTRY);
  } catch (error) {
    if (!(error instanceof XmlRejected)) throw error;
    return { manifest: null, checks: [failed('asic.manifest.well-formed', error.message)] };
  }
  const root = document.documentElement;
  if (root.localName !== 'manifest' || root.namespaceURI !== MANIFEST_NS)
    return {
      manifest: null,
      checks: [
        failed(
          'asic.manifest.well-formed',
          `${ODF_MANIFEST_ENTRY} is not an OpenDocument manifest`,
        ),
      ],
    };
  const manifest: OdfManifest = { rootMediaType: null, fileEntries: [] };
  let rootSeen = false;
  const elements = root.getElementsByTagNameNS(MANIFEST_NS, 'file-entry');
  for (let i = 0; i < elements.length; i += 1) {
    const element = elements.item(i);
    if (element === null) continue;
    const fullPath = element.hasAttributeNS(MANIFEST_NS, 'full-path')
      ? element.getAttributeNS(MANIFEST_NS, 'full-path')
      : null;
    const mediaType = element.hasAttributeNS(MANIFEST_NS, 'media-type')
      ? element.getAttributeNS(MANIFEST_NS, 'media-type')
      : null;
    if (fullPath === ROOT_PATH && !rootSeen) {
      rootSeen = true;
      manifest.rootMediaType = mediaType;
    } else {
      // A missing full-path is treated as empty, which the path rules then refuse.
      manifest.fileEntries.push({ fullPath: fullPath ?? '', mediaType });
    }
  }
  return {
    manifest,
    checks: [passed('asic.manifest.well-formed', `${ODF_MANIFEST_ENTRY} parses`)],
  };
}

/**
 * manifest.xml must describe the container exactly: each data file listed once, with a sound
 * path, and nothing listed that is not there. A deleted signed file still named in the manifest,
 * or an added file missing from it, are the two ways a container is changed after signing.
 */
export function checkOdfManifest(
  manifest: OdfManifest,
  context: {
    dataFiles: readonly string[];
    entryNames: ReadonlySet<string>;
    mimetype: string | null;
  },
): Check[] {
  const checks: Check[] = [];
  if (manifest.rootMediaType === null)
    checks.push(
      warning('asic.manifest.root-entry', 'manifest.xml has no "/" entry for the container'),
    );
  else if (context.mimetype !== null && manifest.rootMediaType !== context.mimetype.trim())
    checks.push(
      failed(
        'asic.manifest.root-entry',
        `manifest.xml declares the container as ${manifest.rootMediaType}, the mimetype entry says ${context.mimetype}`,
      ),
    );
  else
    checks.push(
      passed('asic.manifest.root-entry', `manifest.xml declares ${manifest.rootMediaType}`),
    );

  const listed = new Set<string>();
  let sound = true;
  for (const entry of manifest.fileEntries) {
    const label = JSON.stringify(entry.fullPath);
    const problems = pathProblems(entry.fullPath, { directory: true });
    for (const problem of problems)
      checks.push(
        failed(
          'asic.manifest.entry-path',
          `manifest.xml path ${label} ${describePathProblem(problem)}`,
        ),
      );
    if (problems.length > 0) sound = false;
    if (listed.has(entry.fullPath)) {
      checks.push(
        failed('asic.manifest.unique-entries', `manifest.xml lists ${label} more than once`),
      );
      sound = false;
    }
    listed.add(entry.fullPath);
    if (entry.mediaType === null || entry.mediaType === '')
      checks.push(
        warning('asic.manifest.media-type', `manifest.xml gives no media type for ${label}`),
      );
  }
  if (sound && manifest.fileEntries.length > 0)
    checks.push(
      passed('asic.manifest.entry-path', 'every manifest.xml path is a plain relative path'),
    );

  const missing = [...listed].filter(
    (path) => !path.endsWith('/') && path !== '' && !context.entryNames.has(path),
  );
  checks.push(
    missing.length > 0
      ? failed(
          'asic.manifest.listed-files-present',
          `manifest.xml lists files the container does not hold: ${missing.map((p) => JSON.stringify(p)).join(', ')}`,
        )
      : passed(
          'asic.manifest.listed-files-present',
          'every file manifest.xml lists is in the container',
        ),
  );
  const unlisted = context.dataFiles.filter((name) => !listed.has(name));
  checks.push(
    unlisted.length > 0
      ? failed(
          'asic.manifest.data-files-listed',
          `data files missing from manifest.xml: ${unlisted.map((p) => JSON.stringify(p)).join(', ')}`,
        )
      : passed('asic.manifest.data-files-listed', 'manifest.xml lists every data file'),
  );
  return checks;
}
