import type { Check } from '../check.js';
import { failed, passed, warning } from '../check.js';
import type { AsicKind } from './asic-kind.js';
import { kindFromMimetype, MIMETYPE_ASIC_E, MIMETYPE_ASIC_S } from './asic-kind.js';
import type { SignatureLayout } from './asic-signature-files.js';
import { METHOD_STORED } from './zip-entry-data.js';
import { ZipFormatError } from './zip-format-error.js';
import type { ZipArchive } from './zip-reader.js';

export const MIMETYPE_ENTRY = 'mimetype';
/** The value is 31 bytes; anything much longer is not a media type but content hidden in it. */
export const MAX_MIMETYPE_BYTES = 256;

const LAYOUT_KIND: Record<SignatureLayout, AsicKind> = {
  E: 'ASiC-E',
  S: 'ASiC-S',
  either: 'unknown',
  none: 'unknown',
};

/**
 * The `mimetype` entry (ETSI EN 319 162-1 §4.4.3: present, first, stored, no extra field, exact
 * value) — how strict, and why:
 * DSS (MimeTypeFilePresent = INFORM) and SiVa accept containers whose mimetype is missing,
 * deflated, or not the first entry, and several such containers are valid in their test sets.
 * These packaging faults do not change what was signed, so they are `warning`s as long as the rest
 * of the container tells one consistent story (a recognisable signature layout). They become
 * `failed` when it does not, and the value itself is `failed` when it is wrong or contradicts the
 * layout (an ASiC-E value over an ASiC-S layout, a media type that is not a signature container):
 * then the container claims to be something it is not. A look-alike name (`Mimetype`,
 * `mimetype `) is `failed`, as SiVa and libdigidocpp reject it: it is an unsigned file posing as
 * packaging.
 */
export function checkMimetype(
  zip: ZipArchive,
  layout: SignatureLayout,
): { value: string | null; kind: AsicKind; checks: Check[] } {
  const checks: Check[] = [];
  for (const entry of zip.entries)
    if (entry.name !== MIMETYPE_ENTRY && entry.name.trim().toLowerCase() === MIMETYPE_ENTRY)
      checks.push(
        failed(
          'asic.mimetype.name',
          `${JSON.stringify(entry.name)} imitates the mimetype entry; the name must be exactly "mimetype"`,
        ),
      );
  const layoutKind = LAYOUT_KIND[layout];
  const entry = zip.entries.find((e) => e.name === MIMETYPE_ENTRY && !e.isDirectory);
  if (entry === undefined) {
    const soft = layout === 'none' ? failed : warning;
    checks.push(soft('asic.mimetype.present', 'the container has no mimetype entry'));
    return { value: null, kind: 'unknown', checks };
  }
  checks.push(passed('asic.mimetype.present', 'the container has a mimetype entry'));

  let value: string | null = null;
  if (entry.uncompressedSize > MAX_MIMETYPE_BYTES) {
    checks.push(
      failed('asic.mimetype.value', `the mimetype entry is ${entry.uncompressedSize} bytes long`),
    );
  } else {
    try {
      value = new TextDecoder('utf-8', { fatal: false }).decode(zip.read(MIMETYPE_ENTRY));
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      checks.push(failed('asic.mimetype.readable', `the mimetype entry: ${error.message}`));
    }
  }
  let kind: AsicKind = 'unknown';
  if (value !== null) {
    kind = kindFromMimetype(value.trim());
    if (kindFromMimetype(value) !== 'unknown')
      checks.push(passed('asic.mimetype.value', `mimetype is ${value}`));
    else if (kind !== 'unknown')
      checks.push(
        warning('asic.mimetype.value', `mimetype ${JSON.stringify(value)} has surrounding spaces`),
      );
    else
      checks.push(
        failed(
          'asic.mimetype.value',
          `mimetype ${JSON.stringify(value.slice(0, 80))} is neither ${MIMETYPE_ASIC_E} nor ${MIMETYPE_ASIC_S}`,
        ),
      );
  }
  const contradicts = kind !== 'unknown' && layoutKind !== 'unknown' && kind !== layoutKind;
  if (kind !== 'unknown' && layoutKind !== 'unknown')
    checks.push(
      contradicts
        ? failed(
            'asic.mimetype.matches-layout',
            `mimetype says ${kind} but the signature files are laid out as ${layoutKind}`,
          )
        : passed('asic.mimetype.matches-layout', `mimetype and signature files agree on ${kind}`),
    );

  const consistent = kind !== 'unknown' && !contradicts && layout !== 'none';
  const soft = consistent ? warning : failed;
  const first = entry.index === 0 && entry.localHeaderOffset === 0;
  checks.push(
    first
      ? passed('asic.mimetype.first', 'mimetype is the first entry')
      : soft('asic.mimetype.first', 'mimetype is not the first entry of the container'),
  );
  checks.push(
    entry.method === METHOD_STORED
      ? passed('asic.mimetype.stored', 'mimetype is stored uncompressed')
      : soft('asic.mimetype.stored', 'mimetype is compressed; the standard requires it stored'),
  );
  checks.push(
    entry.localExtraLength === 0
      ? passed('asic.mimetype.no-extra-field', 'mimetype has no extra field')
      : soft(
          'asic.mimetype.no-extra-field',
          `mimetype's local header carries a ${entry.localExtraLength}-byte extra field`,
        ),
  );
  return { value, kind, checks };
}
