import type { ZipEntry } from './zip-reader.js';

export const META_INF = 'META-INF/';

/**
 * What each file directly under META-INF/ is, by the names ETSI EN 319 162-1 gives (§4.4.4 for
 * ASiC-S, §4.4.5 for ASiC-E). A name is matched case-sensitively, as the standard writes it.
 */
const PATTERNS = {
  xades: /^META-INF\/[^/]*signatures[^/]*\.xml$/,
  cades: /^META-INF\/[^/]*signature[^/]*\.p7s$/,
  timestamps: /^META-INF\/[^/]*timestamp[^/]*\.tst$/,
  asicManifests: /^META-INF\/ASiCManifest[^/]*\.xml$/,
  archiveManifests: /^META-INF\/ASiCArchiveManifest[^/]*\.xml$/,
  evidenceRecords: /^META-INF\/[^/]*evidencerecord[^/]*\.(ers|xml)$/,
} as const;
/** Files the standards place in META-INF/ that are neither signatures nor manifests. */
const KNOWN_OTHER = new Set([
  'META-INF/manifest.xml',
  'META-INF/container.xml',
  'META-INF/metadata.xml',
]);
/** The fixed names of ASiC-S (§4.4.4); ASiC-E numbers or otherwise varies them. */
const ASIC_S_NAMES = new Set([
  'META-INF/signatures.xml',
  'META-INF/signature.p7s',
  'META-INF/timestamp.tst',
]);

export interface SignatureFiles {
  xades: string[];
  cades: string[];
  timestamps: string[];
  asicManifests: string[];
  archiveManifests: string[];
  evidenceRecords: string[];
  /** META-INF files none of the above and not manifest.xml / container.xml / metadata.xml. */
  unknown: string[];
}

export function classifySignatureFiles(entries: readonly ZipEntry[]): SignatureFiles {
  const files: SignatureFiles = {
    xades: [],
    cades: [],
    timestamps: [],
    asicManifests: [],
    archiveManifests: [],
    evidenceRecords: [],
    unknown: [],
  };
  for (const entry of entries) {
    if (entry.isDirectory || !entry.name.startsWith(META_INF)) continue;
    const kind = (Object.keys(PATTERNS) as Array<keyof typeof PATTERNS>).find((key) =>
      PATTERNS[key].test(entry.name),
    );
    if (kind !== undefined) files[kind].push(entry.name);
    else if (!KNOWN_OTHER.has(entry.name)) files.unknown.push(entry.name);
  }
  return files;
}

/**
 * Which form the signature files point to. `E`: names only ASiC-E uses (numbered signatures, an
 * ASiCManifest) or several data files. `S`: a lone time-stamp token without an ASiCManifest, which
 * only ASiC-S allows. `either`: only `signatures.xml`/`signature.p7s`, valid in both forms.
 * `none`: no signature or time-stamp file at all.
 */
export type SignatureLayout = 'E' | 'S' | 'either' | 'none';

export function signatureLayout(files: SignatureFiles, dataFileCount: number): SignatureLayout {
  const all = [...files.xades, ...files.cades, ...files.timestamps];
  if (all.length === 0 && files.asicManifests.length === 0) return 'none';
  if (files.asicManifests.length > 0 || all.some((name) => !ASIC_S_NAMES.has(name))) return 'E';
  if (all.length > 1 || dataFileCount > 1) return files.timestamps.length > 0 ? 'S' : 'E';
  return files.timestamps.length > 0 ? 'S' : 'either';
}
