import type { ByteReader } from './byte-reader.js';
import type { CentralRecord } from './zip-central-directory.js';
import { extraBlocks } from './zip-central-directory.js';
import { ZipFormatError } from './zip-format-error.js';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;
const ZIP64_EXTRA_ID = 0x0001;
const U32_MAX = 0xffffffff;
/** General-purpose flag bit 3: CRC and sizes follow the data in a data descriptor. */
export const FLAG_DATA_DESCRIPTOR = 0x0008;

/** What the local header (and data descriptor) say, and where the entry's bytes are. */
export interface LocalView {
  dataOffset: number;
  /** First byte after the entry: data plus data descriptor. */
  end: number;
  extraLength: number;
  /** Disagreements with the central directory, in plain words; empty when they agree. */
  disagreements: string[];
}

/**
 * Reads the local header a central record points at and compares every field two readers could
 * take from either place: a streaming reader (Java's ZipInputStream, which DSS-based validators
 * use) sees only local headers, a central-directory reader only the central one. Any difference
 * lets the validator and the person opening the file see different documents.
 */
export function readLocalHeader(reader: ByteReader, record: CentralRecord): LocalView {
  const at = record.localHeaderOffset;
  if (reader.u32(at, 'local header') !== LOCAL_HEADER_SIGNATURE)
    throw new ZipFormatError('local-header-signature', `no local header at offset ${at}`);
  const flags = reader.u16(at + 6, 'local flags');
  const method = reader.u16(at + 8, 'local method');
  const crc32 = reader.u32(at + 14, 'local crc-32');
  let compressedSize = reader.u32(at + 18, 'local compressed size');
  let uncompressedSize = reader.u32(at + 22, 'local size');
  const nameLength = reader.u16(at + 26, 'local name length');
  const extraLength = reader.u16(at + 28, 'local extra length');
  const nameBytes = reader.slice(at + LOCAL_HEADER_SIZE, nameLength, 'local name');
  const extra = reader.slice(at + LOCAL_HEADER_SIZE + nameLength, extraLength, 'local extra');
  const dataOffset = at + LOCAL_HEADER_SIZE + nameLength + extraLength;

  if (compressedSize === U32_MAX || uncompressedSize === U32_MAX) {
    const block = extraBlocks(extra).list.find((b) => b.id === ZIP64_EXTRA_ID);
    if (block && block.size >= 16) {
      const base = extra.byteOffset - reader.bytes.byteOffset + block.dataOffset;
      uncompressedSize = reader.u64(base, 'local zip64 size');
      compressedSize = reader.u64(base + 8, 'local zip64 compressed size');
    }
  }

  const disagreements: string[] = [];
  if (!sameBytes(nameBytes, record.nameBytes)) disagreements.push('name');
  if (method !== record.method) disagreements.push('compression method');
  if (flags !== record.flags) disagreements.push('flags');
  const deferred = (flags & FLAG_DATA_DESCRIPTOR) !== 0;
  // With a data descriptor the local CRC and sizes may be zero; any other value must still agree.
  const agrees = (local: number, central: number): boolean =>
    local === central || (deferred && local === 0);
  if (!agrees(crc32, record.crc32)) disagreements.push('CRC-32');
  if (!agrees(compressedSize, record.compressedSize)) disagreements.push('compressed size');
  if (!agrees(uncompressedSize, record.uncompressedSize)) disagreements.push('size');

  let end = dataOffset + record.compressedSize;
  if (!reader.has(dataOffset, record.compressedSize))
    throw new ZipFormatError('entry-data-range', `entry data at ${dataOffset} runs past the file`);
  if (deferred) end = readDataDescriptor(reader, record, end, disagreements);
  return { dataOffset, end, extraLength, disagreements };
}

/** Reads the optional-signature data descriptor after the data; returns the first byte after it. */
function readDataDescriptor(
  reader: ByteReader,
  record: CentralRecord,
  at: number,
  disagreements: string[],
): number {
  let cursor = at;
  if (reader.has(cursor, 4) && reader.u32(cursor, 'descriptor') === DATA_DESCRIPTOR_SIGNATURE)
    cursor += 4;
  const crc32 = reader.u32(cursor, 'descriptor crc-32');
  const wide = record.zip64;
  const compressedSize = wide
    ? reader.u64(cursor + 4, 'descriptor compressed size')
    : reader.u32(cursor + 4, 'descriptor compressed size');
  const uncompressedSize = wide
    ? reader.u64(cursor + 12, 'descriptor size')
    : reader.u32(cursor + 8, 'descriptor size');
  if (crc32 !== record.crc32) disagreements.push('data descriptor CRC-32');
  if (compressedSize !== record.compressedSize)
    disagreements.push('data descriptor compressed size');
  if (uncompressedSize !== record.uncompressedSize) disagreements.push('data descriptor size');
  return cursor + (wide ? 20 : 12);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
