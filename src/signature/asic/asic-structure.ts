import type { Check } from '../check.js';
import { failed, passed } from '../check.js';
import type { AsicKind } from './asic-kind.js';
import type { SignatureFiles } from './asic-signature-files.js';
import { META_INF } from './asic-signature-files.js';
import type { ZipEntry } from './zip-reader.js';

const META_INF_SEGMENT = 'META-INF';

/**
 * Where things may sit in a container. META-INF only at the root, under that exact name (a
 * `data/META-INF/` or `meta-inf/` is a data folder dressed up as the signature folder; SiVa's
 * MetaInfNotInRoot is invalid). ASiC-S holds exactly one data object at the root and no folders
 * besides META-INF (SiVa's FoldersInAsics and TwoDataFilesAsics, libdigidocpp's asics-subfolder).
 */
export function checkStructure(
  kind: AsicKind,
  entries: readonly ZipEntry[],
  dataFiles: readonly string[],
  files: SignatureFiles,
): Check[] {
  const checks: Check[] = [];
  const misplaced = entries.filter((e) => {
    const segments = e.name.split('/');
    return segments.some(
      (segment, i) =>
        segment.toUpperCase() === META_INF_SEGMENT && (i > 0 || segment !== META_INF_SEGMENT),
    );
  });
  checks.push(
    misplaced.length > 0
      ? failed(
          'asic.meta-inf.at-root',
          `META-INF must be a root folder with exactly that name: ${names(misplaced.map((e) => e.name))}`,
        )
      : passed('asic.meta-inf.at-root', 'META-INF is at the root'),
  );
  // Files there are covered by no signature, yet a reader can open them: an unsigned document
  // smuggled beside the signed ones. The container is not accepted with them.
  if (files.unknown.length > 0)
    checks.push(
      failed(
        'asic.meta-inf.unknown-files',
        `META-INF holds files that no signature covers: ${names(files.unknown)}`,
      ),
    );
  checks.push(
    dataFiles.length > 0
      ? passed('asic.data-files.present', `${dataFiles.length} data file(s)`)
      : failed('asic.data-files.present', 'the container holds no data file'),
  );
  const signatureCount = files.xades.length + files.cades.length + files.timestamps.length;
  checks.push(
    signatureCount > 0
      ? passed('asic.signature-files.present', `${signatureCount} signature or time-stamp file(s)`)
      : failed('asic.signature-files.present', 'META-INF holds no signature or time-stamp file'),
  );

  if (kind === 'ASiC-S') {
    checks.push(
      dataFiles.length === 1
        ? passed('asic.s.single-data-file', 'one data object')
        : failed(
            'asic.s.single-data-file',
            `ASiC-S holds exactly one data object, found ${dataFiles.length}`,
          ),
    );
    const folders = entries.filter(
      (e) => !e.name.startsWith(META_INF) && (e.isDirectory || e.name.includes('/')),
    );
    checks.push(
      folders.length > 0
        ? failed(
            'asic.s.no-folders',
            `ASiC-S allows no folder besides META-INF: ${names(folders.map((e) => e.name))}`,
          )
        : passed('asic.s.no-folders', 'no folders besides META-INF'),
    );
  }
  if (kind === 'ASiC-E' && files.cades.length + files.timestamps.length > 0) {
    // Every CMS signature and time-stamp in ASiC-E signs an ASiCManifest; the caller matches them.
    if (files.asicManifests.length === 0)
      checks.push(
        failed(
          'asic.e.asicmanifest-present',
          'ASiC-E with CAdES or time-stamps needs META-INF/ASiCManifest*.xml',
        ),
      );
  }
  return checks;
}

const names = (list: readonly string[]): string => list.map((n) => JSON.stringify(n)).join(', ');
