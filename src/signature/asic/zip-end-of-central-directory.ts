import type { Check } from '../check.js';
import { failed } from '../check.js';
import type { ByteReader } from './byte-reader.js';
import { ZipFormatError } from './zip-format-error.js';
import { MAX_ZIP_COMMENT_BYTES } from './zip-limits.js';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
/** Fixed part of the ZIP64 end record, up to and including the central-directory offset. */
const ZIP64_EOCD_FIXED_SIZE = 56;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

/** Where the central directory is, as the end record(s) declare it. */
export interface EndOfCentralDirectory {
  entryCount: number;
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  /** First byte after the central directory that belongs to the end records (ZIP64 or classic). */
  endRecordsOffset: number;
  eocdOffset: number;
  comment: Uint8Array;
  zip64: boolean;
}

/**
 * Finds the end of central directory record by searching backwards through the comment window.
 * A record whose comment does not reach exactly to the end of the file means bytes were appended
 * (a PDF or second archive glued on): reported as `zip.layout.trailing-data`. A second record that
 * would also fit means two readers can see two different archives: `zip.eocd.unique`.
 */
export function readEndOfCentralDirectory(
  reader: ByteReader,
  checks: Check[],
): EndOfCentralDirectory {
  const last = reader.length - EOCD_SIZE;
  const first = Math.max(0, last - MAX_ZIP_COMMENT_BYTES);
  const candidates: number[] = [];
  const bytes = reader.bytes;
  for (let offset = last; offset >= first; offset -= 1) {
    // 'P' (0x50) starts the signature: a plain byte test before the bounds-checked read, which
    // made this scan of up to 64 KB a tenth of a small container's verification.
    if (bytes[offset] !== 0x50) continue;
    if (reader.u32(offset, 'end record') !== EOCD_SIGNATURE) continue;
    const commentLength = reader.u16(offset + 20, 'end record comment length');
    if (offset + EOCD_SIZE + commentLength <= reader.length) candidates.push(offset);
  }
  const exact = candidates.filter(
    (offset) => offset + EOCD_SIZE + reader.u16(offset + 20, 'comment length') === reader.length,
  );
  // Several exact fits: the earliest is the outer one, whose comment holds the others.
  const eocdOffset = exact[exact.length - 1] ?? candidates[0];
  if (eocdOffset === undefined)
    throw new ZipFormatError('no-end-record', 'not a ZIP archive: no end of central directory');
  if (exact.length > 1)
    checks.push(
      failed(
        'zip.eocd.unique',
        'the archive comment hides a second end-of-archive record: readers may disagree on the content',
      ),
    );
  const commentLength = reader.u16(eocdOffset + 20, 'comment length');
  const end = eocdOffset + EOCD_SIZE + commentLength;
  if (end !== reader.length)
    checks.push(
      failed(
        'zip.layout.trailing-data',
        `${reader.length - end} bytes follow the end of the ZIP archive (another file glued on)`,
      ),
    );

  const diskNumber = reader.u16(eocdOffset + 4, 'disk number');
  const cdDisk = reader.u16(eocdOffset + 6, 'central directory disk');
  let entriesOnDisk = reader.u16(eocdOffset + 8, 'entries on disk');
  let entryCount = reader.u16(eocdOffset + 10, 'entry count');
  let centralDirectorySize = reader.u32(eocdOffset + 12, 'central directory size');
  let centralDirectoryOffset = reader.u32(eocdOffset + 16, 'central directory offset');
  const comment = reader.slice(eocdOffset + EOCD_SIZE, commentLength, 'comment');
  let endRecordsOffset = eocdOffset;

  const wantsZip64 =
    entryCount === U16_MAX ||
    centralDirectorySize === U32_MAX ||
    centralDirectoryOffset === U32_MAX;
  const locatorOffset = eocdOffset - ZIP64_LOCATOR_SIZE;
  const hasLocator =
    locatorOffset >= 0 && reader.u32(locatorOffset, 'zip64 locator') === ZIP64_LOCATOR_SIGNATURE;
  if (wantsZip64 && !hasLocator)
    throw new ZipFormatError(
      'zip64',
      'the end record asks for ZIP64 but there is no ZIP64 locator',
    );
  if (hasLocator) {
    const recordOffset = reader.u64(locatorOffset + 8, 'zip64 end record offset');
    if (reader.u32(recordOffset, 'zip64 end record') !== ZIP64_EOCD_SIGNATURE)
      throw new ZipFormatError('zip64', 'the ZIP64 locator does not point at a ZIP64 end record');
    const recordSize = reader.u64(recordOffset + 4, 'zip64 end record size') + 12;
    if (recordSize < ZIP64_EOCD_FIXED_SIZE || recordOffset + recordSize !== locatorOffset)
      checks.push(
        failed(
          'zip.layout.hidden-data',
          'the ZIP64 end record does not end where its locator starts',
        ),
      );
    entriesOnDisk = reader.u64(recordOffset + 24, 'zip64 entries on disk');
    entryCount = reader.u64(recordOffset + 32, 'zip64 entry count');
    centralDirectorySize = reader.u64(recordOffset + 40, 'zip64 central directory size');
    centralDirectoryOffset = reader.u64(recordOffset + 48, 'zip64 central directory offset');
    if (reader.u32(recordOffset + 16, 'zip64 disk') !== 0)
      throw new ZipFormatError('multi-disk', 'split (multi-disk) archives are not accepted');
    endRecordsOffset = recordOffset;
  }
  if (diskNumber !== 0 || cdDisk !== 0 || entriesOnDisk !== entryCount)
    throw new ZipFormatError('multi-disk', 'split (multi-disk) archives are not accepted');
  return {
    entryCount,
    centralDirectoryOffset,
    centralDirectorySize,
    endRecordsOffset,
    eocdOffset,
    comment,
    zip64: hasLocator,
  };
}
