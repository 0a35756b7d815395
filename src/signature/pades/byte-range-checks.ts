import { failed, passed, warning, type Check } from '../check.js';
import { isWhitespace } from './lexer.js';
import type { Revision } from './pdf-document.js';
import type { PdfDict } from './pdf-object.js';

export const CHECK_WELL_FORMED = 'pdf.byterange.well-formed';
export const CHECK_GAP_IS_CONTENTS = 'pdf.byterange.gap-is-contents';
export const CHECK_COVERS_REVISION = 'pdf.byterange.covers-revision';
export const CHECK_COVERS_FILE = 'pdf.byterange.covers-file';

export interface ByteRangeResult {
  readonly byteRange: number[];
  readonly ranges: Array<[number, number]>;
  readonly revisionIndex: number;
  readonly checks: Check[];
}

/**
 * Checks a signature's /ByteRange against the file (ISO 32000-1 §12.8.1, ETSI EN 319 142-1
 * §6.3): exactly [0 a b c], the gap is this dictionary's own /Contents hex string, and the end is
 * the end of a revision. Anything else means the signed bytes are not what a viewer shows.
 */
export const checkByteRange = (
  dict: PdfDict,
  fileLength: number,
  revisions: readonly Revision[],
): ByteRangeResult => {
  const checks: Check[] = [];
  const value = dict.entries.get('ByteRange');
  const items = value?.kind === 'array' ? value.items : [];
  const numbers = items.map((item) =>
    item.kind === 'number' && item.integer && item.value >= 0 ? item.value : -1,
  );
  const byteRange = items.map((item) => (item.kind === 'number' ? item.value : Number.NaN));
  const [start, a, b, c] = numbers as [number, number, number, number];
  const problem =
    value?.kind !== 'array'
      ? '/ByteRange is missing or not a direct array'
      : numbers.length !== 4
        ? `/ByteRange has ${numbers.length} numbers instead of 4`
        : numbers.includes(-1)
          ? '/ByteRange holds something other than non-negative integers'
          : start !== 0
            ? '/ByteRange does not start at byte 0'
            : a >= b
              ? '/ByteRange ranges overlap or leave no gap for the signature'
              : b + c > fileLength
                ? '/ByteRange reaches beyond the end of the file'
                : undefined;
  if (problem !== undefined) {
    checks.push(failed(CHECK_WELL_FORMED, problem));
    return { byteRange, ranges: [], revisionIndex: -1, checks };
  }
  checks.push(passed(CHECK_WELL_FORMED, `[0 ${a} ${b} ${c}] within a ${fileLength}-byte file`));
  const ranges: Array<[number, number]> = [
    [0, a],
    [b, b + c],
  ];

  const contents = dict.entries.get('Contents');
  if (contents?.kind !== 'string' || !contents.hex) {
    checks.push(failed(CHECK_GAP_IS_CONTENTS, '/Contents is not a direct hex string'));
  } else if (contents.start !== a || contents.end !== b) {
    checks.push(
      failed(
        CHECK_GAP_IS_CONTENTS,
        `the gap [${a}, ${b}) is not this dictionary's /Contents, which lies at [${contents.start}, ${contents.end})`,
      ),
    );
  } else {
    checks.push(passed(CHECK_GAP_IS_CONTENTS, 'the unsigned gap is exactly the /Contents string'));
  }

  const end = b + c;
  const revision = revisions.find((r) => r.end === end || r.eofEnd === end);
  const last = revisions[revisions.length - 1];
  if (revision === undefined) {
    checks.push(
      failed(
        CHECK_COVERS_REVISION,
        `the signed bytes end at ${end}, which is not a revision's end`,
      ),
    );
  } else {
    checks.push(passed(CHECK_COVERS_REVISION, `the signed bytes are revision ${revision.index}`));
  }
  if (revision !== undefined && revision === last) {
    checks.push(
      end === fileLength
        ? passed(CHECK_COVERS_FILE, 'the signature covers the whole file')
        : passed(CHECK_COVERS_FILE, 'the signature covers the last revision; only its EOL follows'),
    );
  } else if (revision !== undefined) {
    checks.push(
      warning(
        CHECK_COVERS_FILE,
        `${revisions.length - 1 - revision.index} revision(s) were added after this signature`,
      ),
    );
  } else {
    checks.push(failed(CHECK_COVERS_FILE, 'the signed bytes do not end at a revision boundary'));
  }
  return { byteRange, ranges, revisionIndex: revision?.index ?? -1, checks };
};

/** Whether the bytes from `from` to the end are only whitespace (trailing EOLs after %%EOF). */
export const onlyWhitespaceAfter = (bytes: Uint8Array, from: number): boolean => {
  for (let i = from; i < bytes.length; i += 1) if (!isWhitespace(bytes[i])) return false;
  return true;
};
