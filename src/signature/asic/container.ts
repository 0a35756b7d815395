import type { Check } from '../check.js';
import { failed, passed, warning } from '../check.js';
import type { AsicKind } from './asic-kind.js';
import { kindFromFileName } from './asic-kind.js';
import type { AsicManifest } from './asic-manifest.js';
import { inspectAsicManifest } from './asic-manifest.js';
import { checkMimetype, MIMETYPE_ENTRY } from './asic-mimetype.js';
import type { SignatureFiles } from './asic-signature-files.js';
import { classifySignatureFiles, META_INF, signatureLayout } from './asic-signature-files.js';
import { checkStructure } from './asic-structure.js';
import type { OdfManifest } from './odf-manifest.js';
import { checkOdfManifest, ODF_MANIFEST_ENTRY, parseOdfManifest } from './odf-manifest.js';
import { ZipFormatError } from './zip-format-error.js';
import type { ZipArchive } from './zip-reader.js';

export { coverageOfDataFiles } from './data-file-coverage.js';
export type { AsicKind } from './asic-kind.js';

export interface AsicContainer {
  kind: AsicKind;
  /** The mimetype entry's value as written, or `null` without a readable one. */
  mimetype: string | null;
  /** Every file outside META-INF/ except `mimetype`: what the signatures must cover. */
  dataFiles: string[];
  signatureFiles: SignatureFiles;
  /** META-INF/manifest.xml, when present and well-formed. */
  manifest: OdfManifest | null;
  /** ASiCManifest*.xml and ASiCArchiveManifest*.xml that parsed, with their references. */
  asicManifests: AsicManifest[];
  /** Every container check, passed ones included. */
  checks: Check[];
  /** The checks that did not pass. */
  problems: Check[];
}

/**
 * Reads an archive as an ASiC container (ETSI EN 319 162-1): which form it is, where its data and
 * signature files are, and whether its packaging (mimetype, manifest.xml, ASiCManifest digests,
 * folder rules) tells one consistent story. Signatures themselves are verified elsewhere; their
 * coverage of `dataFiles` is then judged with `coverageOfDataFiles`.
 *
 * The kind comes from the mimetype when it names an ASiC form, else from the signature files'
 * layout, else from the file extension. Contradictions among the three are checks, not guesses.
 */
export function inspectContainer(zip: ZipArchive, fileName?: string): AsicContainer {
  const dataFiles = zip.entries
    .filter((e) => !e.isDirectory && !e.name.startsWith(META_INF) && e.name !== MIMETYPE_ENTRY)
    .map((e) => e.name);
  const signatureFiles = classifySignatureFiles(zip.entries);
  const layout = signatureLayout(signatureFiles, dataFiles.length);
  const mimetype = checkMimetype(zip, layout);
  const checks: Check[] = [...mimetype.checks];

  const extensionKind = kindFromFileName(fileName);
  const layoutKind: AsicKind = layout === 'E' ? 'ASiC-E' : layout === 'S' ? 'ASiC-S' : 'unknown';
  const kind: AsicKind =
    mimetype.kind !== 'unknown'
      ? mimetype.kind
      : layoutKind !== 'unknown'
        ? layoutKind
        : extensionKind;
  if (kind === 'unknown')
    checks.push(
      failed(
        'asic.kind',
        'neither the mimetype, the signature files nor the file name say which ASiC form this is',
      ),
    );
  else checks.push(passed('asic.kind', `the container is ${kind}`));
  if (extensionKind !== 'unknown' && kind !== 'unknown' && extensionKind !== kind)
    checks.push(
      warning(
        'asic.extension.matches-kind',
        `the file name says ${extensionKind}, the container is ${kind}`,
      ),
    );

  checks.push(...checkStructure(kind, zip.entries, dataFiles, signatureFiles));

  let manifest: OdfManifest | null = null;
  if (zip.entries.some((e) => e.name === ODF_MANIFEST_ENTRY)) {
    const parsed = readManifest(zip);
    checks.push(...parsed.checks);
    manifest = parsed.manifest;
    if (manifest !== null)
      checks.push(
        ...checkOdfManifest(manifest, {
          dataFiles,
          entryNames: new Set(zip.entries.map((e) => e.name)),
          mimetype: mimetype.value,
        }),
      );
  } else if (kind === 'ASiC-E' && signatureFiles.xades.length > 0) {
    // EN 319 162-1 makes it optional, BDOC and eDoc require it; DSS and SiVa accept it missing.
    checks.push(warning('asic.manifest.present', 'ASiC-E with XAdES but no META-INF/manifest.xml'));
  }

  const asicManifests: AsicManifest[] = [];
  for (const entry of [...signatureFiles.asicManifests, ...signatureFiles.archiveManifests]) {
    const inspected = inspectAsicManifest(zip, entry);
    checks.push(...inspected.checks);
    if (inspected.manifest !== null) asicManifests.push(inspected.manifest);
  }
  if (kind === 'ASiC-E') checks.push(...unmanifestedTokens(signatureFiles, asicManifests));

  return {
    kind,
    mimetype: mimetype.value,
    dataFiles,
    signatureFiles,
    manifest,
    asicManifests,
    checks,
    problems: checks.filter((c) => c.status !== 'passed'),
  };
}

function readManifest(zip: ZipArchive): ReturnType<typeof parseOdfManifest> {
  try {
    return parseOdfManifest(zip.read(ODF_MANIFEST_ENTRY));
  } catch (error) {
    if (!(error instanceof ZipFormatError)) throw error;
    return { manifest: null, checks: [failed('asic.manifest.well-formed', error.message)] };
  }
}

/**
 * In ASiC-E a CAdES signature or time-stamp token signs an ASiCManifest, never the data directly;
 * one that no manifest names signs nothing we can tie to the data files.
 */
function unmanifestedTokens(files: SignatureFiles, manifests: readonly AsicManifest[]): Check[] {
  const named = new Set(manifests.map((m) => m.sigReference));
  return [...files.cades, ...files.timestamps].map((token) =>
    named.has(token)
      ? passed('asic.e.token-has-manifest', `${JSON.stringify(token)} has its ASiCManifest`)
      : failed('asic.e.token-has-manifest', `no ASiCManifest names ${JSON.stringify(token)}`),
  );
}
