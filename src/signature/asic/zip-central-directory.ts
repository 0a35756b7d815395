import type { ByteReader } from './byte-reader.js';
import type { EndOfCentralDirectory } from './zip-end-of-central-directory.js';
import { ZipFormatError } from './zip-format-error.js';
import { MAX_ZIP_ENTRIES } from './zip-limits.js';

const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const CENTRAL_HEADER_SIZE = 46;
const ZIP64_EXTRA_ID = 0x0001;
const U32_MAX = 0xffffffff;

/** One central-directory record, as declared (nothing verified against the local header yet). */
export interface CentralRecord {
  index: number;
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Sizes came from a ZIP64 extra field (so a data descriptor, if any, has 8-byte sizes). */
  zip64: boolean;
  /** The extra field's blocks do not add up to its length: readers may parse it differently. */
  malformedExtra: boolean;
}

/**
 * Reads exactly the number of records the end record declares, inside the declared central
 * directory. Refuses more than MAX_ZIP_ENTRIES before allocating anything for them.
 * Returns the records and how many declared central-directory bytes were left unread.
 */
export function readCentralDirectory(
  reader: ByteReader,
  end: EndOfCentralDirectory,
): { records: CentralRecord[]; unreadBytes: number } {
  if (end.entryCount > MAX_ZIP_ENTRIES)
    throw new ZipFormatError(
      'too-many-entries',
      `the archive declares ${end.entryCount} entries; at most ${MAX_ZIP_ENTRIES} are accepted`,
    );
  const start = end.centralDirectoryOffset;
  const limit = start + end.centralDirectorySize;
  if (!reader.has(start, end.centralDirectorySize) || limit > end.endRecordsOffset)
    throw new ZipFormatError(
      'central-directory-range',
      'the central directory lies outside the archive or overlaps its end record',
    );
  if (end.entryCount * CENTRAL_HEADER_SIZE > end.centralDirectorySize)
    throw new ZipFormatError(
      'central-directory-size',
      `${end.entryCount} entries cannot fit in a ${end.centralDirectorySize}-byte central directory`,
    );
  const records: CentralRecord[] = [];
  let offset = start;
  for (let index = 0; index < end.entryCount; index += 1) {
    if (offset + CENTRAL_HEADER_SIZE > limit)
      throw new ZipFormatError(
        'central-directory-truncated',
        `central entry ${index} is truncated`,
      );
    if (reader.u32(offset, 'central header') !== CENTRAL_HEADER_SIGNATURE)
      throw new ZipFormatError(
        'central-directory-signature',
        `central entry ${index} at offset ${offset} has no central header signature`,
      );
    const nameLength = reader.u16(offset + 28, 'name length');
    const extraLength = reader.u16(offset + 30, 'extra length');
    const commentLength = reader.u16(offset + 32, 'comment length');
    const next = offset + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (next > limit)
      throw new ZipFormatError(
        'central-directory-truncated',
        `central entry ${index} is truncated`,
      );
    const extra = reader.slice(offset + CENTRAL_HEADER_SIZE + nameLength, extraLength, 'extra');
    const record: CentralRecord = {
      index,
      nameBytes: reader.slice(offset + CENTRAL_HEADER_SIZE, nameLength, 'name'),
      flags: reader.u16(offset + 8, 'flags'),
      method: reader.u16(offset + 10, 'method'),
      crc32: reader.u32(offset + 16, 'crc-32'),
      compressedSize: reader.u32(offset + 20, 'compressed size'),
      uncompressedSize: reader.u32(offset + 24, 'uncompressed size'),
      localHeaderOffset: reader.u32(offset + 42, 'local header offset'),
      zip64: false,
      malformedExtra: false,
    };
    const diskStart = reader.u16(offset + 34, 'disk start');
    applyZip64Extra(reader, record, extra, diskStart);
    records.push(record);
    offset = next;
  }
  return { records, unreadBytes: limit - offset };
}

/**
 * Replaces 0xFFFFFFFF placeholders with the 64-bit values of the ZIP64 extra block, in the order
 * the specification (APPNOTE 4.5.3) gives: uncompressed, compressed, local offset, disk.
 */
function applyZip64Extra(
  reader: ByteReader,
  record: CentralRecord,
  extra: Uint8Array,
  diskStart: number,
): void {
  const blocks = extraBlocks(extra);
  record.malformedExtra = blocks.malformed;
  const block = blocks.list.find((b) => b.id === ZIP64_EXTRA_ID);
  const needs =
    record.uncompressedSize === U32_MAX ||
    record.compressedSize === U32_MAX ||
    record.localHeaderOffset === U32_MAX ||
    diskStart === 0xffff;
  if (!needs) return;
  if (!block)
    throw new ZipFormatError('zip64', `entry ${record.index} needs a ZIP64 extra field it lacks`);
  const base = extra.byteOffset - reader.bytes.byteOffset + block.dataOffset;
  let cursor = 0;
  const take = (what: string): number => {
    if (cursor + 8 > block.size)
      throw new ZipFormatError('zip64', `entry ${record.index}: ZIP64 extra field too short`);
    const value = reader.u64(base + cursor, what);
    cursor += 8;
    return value;
  };
  if (record.uncompressedSize === U32_MAX) record.uncompressedSize = take('zip64 size');
  if (record.compressedSize === U32_MAX) record.compressedSize = take('zip64 compressed size');
  if (record.localHeaderOffset === U32_MAX) record.localHeaderOffset = take('zip64 offset');
  if (diskStart === 0xffff)
    throw new ZipFormatError('multi-disk', 'split (multi-disk) archives are not accepted');
  record.zip64 = true;
}

export interface ExtraBlock {
  id: number;
  /** Offset of the block's data inside the extra field. */
  dataOffset: number;
  size: number;
}

/** Splits an extra field into its blocks; `malformed` when the lengths do not add up exactly. */
export function extraBlocks(extra: Uint8Array): { list: ExtraBlock[]; malformed: boolean } {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  const list: ExtraBlock[] = [];
  let offset = 0;
  while (offset + 4 <= extra.byteLength) {
    const id = view.getUint16(offset, true);
    const size = view.getUint16(offset + 2, true);
    if (offset + 4 + size > extra.byteLength) return { list, malformed: true };
    list.push({ id, dataOffset: offset + 4, size });
    offset += 4 + size;
  }
  return { list, malformed: offset !== extra.byteLength };
}
