import type { Check } from '../check.js';
import { failed } from '../check.js';
import type { EndOfCentralDirectory } from './zip-end-of-central-directory.js';

/** Bytes one entry occupies: local header, data and data descriptor. */
export interface EntrySpan {
  start: number;
  end: number;
  name: string;
}

/**
 * Every byte of the archive must belong to exactly one thing: the entries back to back from
 * offset 0, then the central directory, then the end records. Bytes before the first entry make a
 * polyglot (a ZIP that is also a PDF or an executable); bytes between entries can hold a local
 * entry that only a streaming reader sees; overlapping entries are how "overlap" zip bombs and
 * two-faced archives are built.
 */
export function checkLayout(spans: readonly EntrySpan[], end: EndOfCentralDirectory): Check[] {
  const checks: Check[] = [];
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  let cursor = 0;
  let previous: EntrySpan | undefined;
  for (const span of sorted) {
    if (span.start < cursor && previous !== undefined)
      checks.push(
        failed(
          'zip.layout.overlapping-entries',
          `${JSON.stringify(span.name)} overlaps ${JSON.stringify(previous.name)}`,
        ),
      );
    else if (span.start > cursor)
      checks.push(
        previous === undefined
          ? failed(
              'zip.layout.leading-data',
              `${span.start} bytes precede the first entry: the file is also something else (e.g. a PDF)`,
            )
          : failed(
              'zip.layout.hidden-data',
              `${span.start - cursor} unaccounted bytes after ${JSON.stringify(previous.name)}`,
            ),
      );
    cursor = Math.max(cursor, span.end);
    previous = span;
  }
  if (end.centralDirectoryOffset < cursor)
    checks.push(
      failed('zip.layout.overlapping-entries', 'the central directory overlaps entry data'),
    );
  else if (end.centralDirectoryOffset > cursor)
    checks.push(
      previous === undefined
        ? failed(
            'zip.layout.leading-data',
            `${end.centralDirectoryOffset} bytes precede the central directory of an empty archive`,
          )
        : failed(
            'zip.layout.hidden-data',
            `${end.centralDirectoryOffset - cursor} unaccounted bytes between the last entry and the central directory`,
          ),
    );
  const centralEnd = end.centralDirectoryOffset + end.centralDirectorySize;
  if (centralEnd !== end.endRecordsOffset)
    checks.push(
      failed(
        'zip.layout.hidden-data',
        `${end.endRecordsOffset - centralEnd} unaccounted bytes between the central directory and the end record`,
      ),
    );
  return checks;
}
