import { crc32, inflateRawSync } from 'node:zlib';
import { ZipFormatError } from './zip-format-error.js';

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
/** zlib's smallest output chunk. */
const MIN_CHUNK_BYTES = 64;

/** The part of an entry needed to get its bytes back; sizes already checked against the limits. */
export interface EntryLocation {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  dataOffset: number;
}

/**
 * Returns an entry's content, decompressed and verified. Inflate is capped at the declared size
 * plus one byte, so a stream that inflates to more than it declared stops there (a zip bomb costs
 * at most its declared size, which the caller has already held against the limits). Any size or
 * CRC-32 difference is an error: the bytes are not the ones the archive describes.
 */
export function extractEntryData(bytes: Uint8Array, entry: EntryLocation): Uint8Array {
  const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (raw.byteLength !== entry.compressedSize)
    throw new ZipFormatError(
      'entry-data-range',
      `${entry.name}: data runs past the end of the file`,
    );
  let content: Uint8Array;
  if (entry.method === METHOD_STORED) {
    // A view, not a copy: a stored 50 MB entry is not held twice while it is hashed.
    content = raw;
  } else if (entry.method === METHOD_DEFLATE) {
    try {
      // One output chunk of the declared size (+1 to notice more): zlib then returns that chunk
      // itself instead of concatenating many, so a large entry is not held twice.
      content = inflateRawSync(raw, {
        maxOutputLength: entry.uncompressedSize + 1,
        chunkSize: Math.max(MIN_CHUNK_BYTES, entry.uncompressedSize + 1),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ZipFormatError(
        'inflate',
        `${entry.name}: cannot be decompressed within its declared size (${message})`,
      );
    }
  } else {
    throw new ZipFormatError(
      'method',
      `${entry.name}: compression method ${entry.method} is not supported`,
    );
  }
  if (content.byteLength !== entry.uncompressedSize)
    throw new ZipFormatError(
      'size-mismatch',
      `${entry.name}: decompressed to ${content.byteLength} bytes, the archive declares ${entry.uncompressedSize}`,
    );
  const actual = crc32(content) >>> 0;
  if (actual !== entry.crc32)
    throw new ZipFormatError(
      'crc-mismatch',
      `${entry.name}: CRC-32 ${hex(actual)} does not match the declared ${hex(entry.crc32)}: the content was altered or damaged`,
    );
  return content;
}

const hex = (value: number): string => value.toString(16).padStart(8, '0');
