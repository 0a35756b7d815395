import type { Check } from '../check.js';
import { failed, passed, warning } from '../check.js';
import { ByteReader } from './byte-reader.js';
import type { PathProblem } from './container-path.js';
import { describePathProblem, pathProblems } from './container-path.js';
import { readCentralDirectory } from './zip-central-directory.js';
import { readEndOfCentralDirectory } from './zip-end-of-central-directory.js';
import { extractEntryData, METHOD_DEFLATE, METHOD_STORED } from './zip-entry-data.js';
import { decodeEntryName } from './zip-entry-name.js';
import { ZipFormatError } from './zip-format-error.js';
import { checkLayout } from './zip-layout.js';
import {
  COMPRESSION_RATIO_MIN_BYTES,
  MAX_COMPRESSION_RATIO,
  MAX_ENTRY_NAME_BYTES,
  MAX_ENTRY_UNCOMPRESSED_BYTES,
  MAX_TOTAL_UNCOMPRESSED_BYTES,
} from './zip-limits.js';
import { readLocalHeader } from './zip-local-header.js';

/** Flag bits 0 (traditional encryption), 6 (strong encryption), 13 (encrypted central directory). */
const ENCRYPTION_FLAGS = 0x0001 | 0x0040 | 0x2000;
/** WinZip AES marks its entries with this method number. */
const METHOD_AES = 99;

export interface ZipEntry {
  /** Position in the central directory (0 = first). */
  index: number;
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  flags: number;
  encrypted: boolean;
  localHeaderOffset: number;
  /** Length of the extra field in the local header (the mimetype entry must have none). */
  localExtraLength: number;
  isDirectory: boolean;
}

export interface ZipArchive {
  /** In central-directory order. */
  entries: readonly ZipEntry[];
  /** Every structural check, passed ones included, for the report. */
  checks: Check[];
  /** The checks that did not pass (failed and warnings). */
  problems: Check[];
  /**
   * The decompressed, CRC-verified content of the entry with exactly this name. Throws
   * `ZipFormatError` when the name is missing or ambiguous (duplicates), when the entry failed a
   * limit or header check, or when its bytes do not decompress to what the archive declares.
   */
  read(name: string): Uint8Array;
}

const PATH_CHECK_NAMES: Record<PathProblem, string> = {
  empty: 'zip.name.empty',
  absolute: 'zip.name.absolute',
  'drive-letter': 'zip.name.drive-letter',
  backslash: 'zip.name.backslash',
  'dot-dot-segment': 'zip.name.traversal',
  'dot-segment': 'zip.name.dot-segment',
  'empty-segment': 'zip.name.empty-segment',
  'control-character': 'zip.name.control-character',
};

/**
 * Reads a ZIP archive strictly from its bytes: the central directory is the index, and every
 * local header, size and byte between them must agree with it, so that no two ZIP readers can
 * show different content. Only unreadable structure throws (`ZipFormatError`); everything else is
 * a named `zip.*` check in `problems`. Nothing is decompressed until `read` is called.
 */
export function readZip(bytes: Uint8Array): ZipArchive {
  const reader = new ByteReader(bytes);
  const checks: Check[] = [];
  const end = readEndOfCentralDirectory(reader, checks);
  const { records, unreadBytes } = readCentralDirectory(reader, end);
  if (unreadBytes !== 0)
    checks.push(
      failed(
        'zip.layout.hidden-data',
        `${unreadBytes} bytes of the central directory belong to no entry`,
      ),
    );

  const entries: ZipEntry[] = [];
  const locations = new Map<ZipEntry, { dataOffset: number; blocked: string | null }>();
  const spans: Array<{ start: number; end: number; name: string }> = [];
  let totalSize = 0;
  for (const record of records) {
    const { name, encoding } = decodeEntryName(record.nameBytes, record.flags);
    const label = JSON.stringify(name);
    const encrypted = (record.flags & ENCRYPTION_FLAGS) !== 0 || record.method === METHOD_AES;
    const isDirectory = name.endsWith('/');
    let blocked: string | null = null;
    const block = (check: Check): void => {
      checks.push(check);
      blocked ??= check.detail;
    };

    if (encoding === 'invalid')
      checks.push(failed('zip.name.encoding', `entry ${record.index}: name is not valid UTF-8`));
    if (encoding === 'unflagged-utf8')
      checks.push(warning('zip.name.encoding', `${label}: non-ASCII name without the UTF-8 flag`));
    if (record.nameBytes.byteLength > MAX_ENTRY_NAME_BYTES)
      checks.push(
        failed(
          'zip.name.length',
          `entry ${record.index}: name of ${record.nameBytes.byteLength} bytes exceeds ${MAX_ENTRY_NAME_BYTES}`,
        ),
      );
    for (const problem of pathProblems(name, { directory: true }))
      checks.push(failed(PATH_CHECK_NAMES[problem], `${label} ${describePathProblem(problem)}`));
    if (record.malformedExtra)
      checks.push(
        warning('zip.extra-field.well-formed', `${label}: extra field blocks do not add up`),
      );

    if (encrypted) block(failed('zip.entry.encrypted', `${label} is encrypted`));
    if (record.method !== METHOD_STORED && record.method !== METHOD_DEFLATE && !encrypted)
      block(
        failed(
          'zip.entry.method',
          `${label} uses compression method ${record.method}; only stored and deflate are accepted`,
        ),
      );
    if (record.method === METHOD_STORED && record.compressedSize !== record.uncompressedSize)
      block(failed('zip.entry.sizes', `${label} is stored but its two sizes differ`));
    if (isDirectory && (record.uncompressedSize !== 0 || record.compressedSize !== 0))
      block(failed('zip.entry.directory-with-data', `${label} is a folder that carries data`));
    if (record.uncompressedSize > MAX_ENTRY_UNCOMPRESSED_BYTES)
      block(
        failed(
          'zip.limits.entry-size',
          `${label} declares ${record.uncompressedSize} bytes; at most ${MAX_ENTRY_UNCOMPRESSED_BYTES} per file are accepted`,
        ),
      );
    const ratio = record.uncompressedSize / Math.max(record.compressedSize, 1);
    if (record.uncompressedSize >= COMPRESSION_RATIO_MIN_BYTES && ratio > MAX_COMPRESSION_RATIO)
      block(
        failed(
          'zip.limits.compression-ratio',
          `${label} would expand ${Math.round(ratio)} times; more than ${MAX_COMPRESSION_RATIO} is treated as a zip bomb`,
        ),
      );
    totalSize += record.uncompressedSize;

    let dataOffset = -1;
    let localExtraLength = 0;
    try {
      const local = readLocalHeader(reader, record);
      dataOffset = local.dataOffset;
      localExtraLength = local.extraLength;
      spans.push({ start: record.localHeaderOffset, end: local.end, name });
      if (local.disagreements.length > 0)
        block(
          failed(
            'zip.local-header.matches-central',
            `${label}: local header and central directory disagree on ${local.disagreements.join(', ')}`,
          ),
        );
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      block(failed('zip.local-header.readable', `${label}: ${error.message}`));
    }

    const entry: ZipEntry = {
      index: record.index,
      name,
      method: record.method,
      compressedSize: record.compressedSize,
      uncompressedSize: record.uncompressedSize,
      crc32: record.crc32,
      flags: record.flags,
      encrypted,
      localHeaderOffset: record.localHeaderOffset,
      localExtraLength,
      isDirectory,
    };
    entries.push(entry);
    locations.set(entry, { dataOffset, blocked });
  }

  checks.push(...duplicateNameChecks(entries));
  checks.push(...checkLayout(spans, end));
  const totalTooLarge = totalSize > MAX_TOTAL_UNCOMPRESSED_BYTES;
  if (totalTooLarge)
    checks.push(
      failed(
        'zip.limits.total-size',
        `the entries declare ${totalSize} bytes together; at most ${MAX_TOTAL_UNCOMPRESSED_BYTES} are accepted`,
      ),
    );
  if (!checks.some((c) => c.status === 'failed'))
    checks.push(
      passed(
        'zip.structure',
        `${entries.length} entries; central directory, local headers and layout agree`,
      ),
    );

  const byName = new Map<string, ZipEntry[]>();
  for (const entry of entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);

  const read = (name: string): Uint8Array => {
    const found = byName.get(name) ?? [];
    const entry = found[0];
    if (entry === undefined)
      throw new ZipFormatError('no-such-entry', `the archive has no entry ${JSON.stringify(name)}`);
    if (found.length > 1)
      throw new ZipFormatError(
        'duplicate-entry',
        `${JSON.stringify(name)} occurs ${found.length} times`,
      );
    const location = locations.get(entry);
    if (location === undefined || location.blocked !== null || location.dataOffset < 0)
      throw new ZipFormatError('entry-refused', location?.blocked ?? `${name}: unreadable`);
    if (totalTooLarge)
      throw new ZipFormatError('total-size', 'the archive exceeds the total size limit');
    return extractEntryData(bytes, { ...entry, dataOffset: location.dataOffset });
  };

  return {
    entries,
    checks,
    problems: checks.filter((c) => c.status !== 'passed'),
    read,
  };
}

/**
 * Two entries with the same name: readers keep the first or the last, so the validator and the
 * viewer can pick different ones. Names equal but for letter case or Unicode normalisation collide
 * when extracted on Windows or macOS, with the same effect.
 */
function duplicateNameChecks(entries: readonly ZipEntry[]): Check[] {
  const checks: Check[] = [];
  const exact = new Map<string, number>();
  const folded = new Map<string, string>();
  for (const entry of entries) {
    exact.set(entry.name, (exact.get(entry.name) ?? 0) + 1);
    const key = entry.name.normalize('NFC').toLowerCase();
    const earlier = folded.get(key);
    if (earlier !== undefined && earlier !== entry.name)
      checks.push(
        failed(
          'zip.name.duplicate-ignoring-case',
          `${JSON.stringify(entry.name)} and ${JSON.stringify(earlier)} differ only in letter case or Unicode form`,
        ),
      );
    if (earlier === undefined) folded.set(key, entry.name);
  }
  for (const [name, count] of exact)
    if (count > 1)
      checks.push(failed('zip.name.duplicate', `${JSON.stringify(name)} occurs ${count} times`));
  return checks;
}
