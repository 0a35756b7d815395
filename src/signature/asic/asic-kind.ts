/** The two ASiC container forms of ETSI EN 319 162-1, or neither. */
export type AsicKind = 'ASiC-E' | 'ASiC-S' | 'unknown';

export const MIMETYPE_ASIC_E = 'application/vnd.etsi.asic-e+zip';
export const MIMETYPE_ASIC_S = 'application/vnd.etsi.asic-s+zip';

/**
 * File extensions in use: `.asice`/`.asics` (ETSI), `.sce`/`.scs` (ETSI short forms), `.bdoc`
 * (Estonian BDOC 2.1, an ASiC-E profile) and `.edoc` (Latvian eDoc 2.0, an ASiC-E profile).
 */
const KIND_BY_EXTENSION: Readonly<Record<string, AsicKind>> = {
  asice: 'ASiC-E',
  sce: 'ASiC-E',
  bdoc: 'ASiC-E',
  edoc: 'ASiC-E',
  asics: 'ASiC-S',
  scs: 'ASiC-S',
};

export function kindFromMimetype(value: string): AsicKind {
  if (value === MIMETYPE_ASIC_E) return 'ASiC-E';
  if (value === MIMETYPE_ASIC_S) return 'ASiC-S';
  return 'unknown';
}

export function kindFromFileName(fileName: string | undefined): AsicKind {
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return (extension !== undefined ? KIND_BY_EXTENSION[extension] : undefined) ?? 'unknown';
}
