import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A plain ZIP writer for the containers the test PKI signs: entries back to back from offset 0,
 * one central directory, one end record, nothing else. No ZIP64 (fixtures stay far below 4 GiB),
 * no data descriptors, no extra fields, no comments, so that every strict reader (ours, fflate,
 * Java's ZipInputStream) sees the same archive. The hostile variants live in the unit tests'
 * zip-builder, not here.
 */

export type ZipCompression = 'store' | 'deflate';

export interface ZipEntryInput {
  name: string;
  bytes: Uint8Array;
  compression: ZipCompression;
}

const METHOD: Record<ZipCompression, number> = { store: 0, deflate: 8 };
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const END_RECORD_SIGNATURE = 0x06054b50;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_RECORD_SIZE = 22;
/** "Version needed" 2.0: deflate and folders, the lowest any reader expects. */
const VERSION_NEEDED = 20;
/** "Version made by": host 3 (Unix) in the high byte, spec 2.0 in the low byte. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** General-purpose flag bit 11: the name is UTF-8; set only when it is not plain ASCII. */
const FLAG_UTF8 = 0x0800;
/** Without ZIP64 every size and offset must fit an unsigned 32-bit field. */
const U32_LIMIT = 0xffffffff;
/** The end record counts entries in 16 bits. */
const U16_LIMIT = 0xffff;
/** MS-DOS dates start in 1980; earlier clocks are written as its first day. */
const DOS_EPOCH_YEAR = 1980;

function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(at.getUTCFullYear(), DOS_EPOCH_YEAR);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - DOS_EPOCH_YEAR) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

interface Written {
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/**
 * Writes the entries in the order given. The payload of a stored entry is not copied until the
 * final concatenation, so a 50 MB data file costs its own bytes plus the archive's, no more.
 */
export function writeZip(entries: readonly ZipEntryInput[], modifiedAt: Date): Uint8Array {
  if (entries.length > U16_LIMIT) throw new Error(`${entries.length} entries need ZIP64`);
  const { time, date } = dosDateTime(modifiedAt);
  const chunks: Uint8Array[] = [];
  const written: Written[] = [];
  let offset = 0;
  const push = (chunk: Uint8Array): void => {
    chunks.push(chunk);
    offset += chunk.byteLength;
  };

  for (const entry of entries) {
    const nameBytes = Buffer.from(entry.name, 'utf8');
    const payload = entry.compression === 'deflate' ? deflateRawSync(entry.bytes) : entry.bytes;
    const record: Written = {
      nameBytes,
      flags: /^[\x20-\x7e]*$/.test(entry.name) ? 0 : FLAG_UTF8,
      method: METHOD[entry.compression],
      crc: crc32(entry.bytes) >>> 0,
      compressedSize: payload.byteLength,
      size: entry.bytes.byteLength,
      offset,
    };
    if (record.size > U32_LIMIT || record.compressedSize > U32_LIMIT || offset > U32_LIMIT)
      throw new Error(`${entry.name} needs ZIP64, which this writer does not write`);
    const header = Buffer.alloc(LOCAL_HEADER_SIZE);
    header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
    header.writeUInt16LE(VERSION_NEEDED, 4);
    header.writeUInt16LE(record.flags, 6);
    header.writeUInt16LE(record.method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(record.crc, 14);
    header.writeUInt32LE(record.compressedSize, 18);
    header.writeUInt32LE(record.size, 22);
    header.writeUInt16LE(nameBytes.byteLength, 26);
    header.writeUInt16LE(0, 28);
    push(header);
    push(nameBytes);
    push(payload);
    written.push(record);
  }

  const centralOffset = offset;
  for (const record of written) {
    const header = Buffer.alloc(CENTRAL_HEADER_SIZE);
    header.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(VERSION_NEEDED, 6);
    header.writeUInt16LE(record.flags, 8);
    header.writeUInt16LE(record.method, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(record.crc, 16);
    header.writeUInt32LE(record.compressedSize, 20);
    header.writeUInt32LE(record.size, 24);
    header.writeUInt16LE(record.nameBytes.byteLength, 28);
    // Extra length, comment length, disk start, internal and external attributes: all zero.
    header.writeUInt32LE(record.offset, 42);
    push(header);
    push(record.nameBytes);
  }
  const centralSize = offset - centralOffset;
  if (centralOffset > U32_LIMIT) throw new Error('the archive needs ZIP64');

  const end = Buffer.alloc(END_RECORD_SIZE);
  end.writeUInt32LE(END_RECORD_SIGNATURE, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);
  push(end);
  const archive = Buffer.concat(chunks, offset);
  // A view, not `new Uint8Array(archive)`, which would copy the whole archive once more.
  return new Uint8Array(archive.buffer, archive.byteOffset, archive.byteLength);
}
