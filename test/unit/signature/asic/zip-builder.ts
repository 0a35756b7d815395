import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Builds ZIP archives byte by byte for the tests, with the quirks a forger would choose: headers
 * that disagree, lying sizes and CRCs, bytes before, between or after the entries, ZIP64 records.
 * Each override changes exactly one field so a test shows exactly one defect.
 */
export interface EntrySpec {
  name: string;
  data?: Uint8Array | string;
  /** 0 stored (default), 8 deflate, or any other number written as is. */
  method?: number;
  flags?: number;
  /** Name written into the local header instead of `name`. */
  localName?: string;
  localMethod?: number;
  localExtra?: Uint8Array;
  /** Declared values (both headers) instead of the true ones. */
  crc?: number;
  uncompressedSize?: number;
  compressedSize?: number;
  /** Declared uncompressed size in the local header only. */
  localUncompressedSize?: number;
  /** Writes CRC and sizes in a data descriptor after the data (flag bit 3), zeros locally. */
  dataDescriptor?: boolean;
  /** Bytes inserted after this entry (hidden between entries). */
  gapAfter?: Uint8Array;
}

export interface ZipSpec {
  prefix?: Uint8Array;
  suffix?: Uint8Array;
  comment?: Uint8Array;
  /** Writes ZIP64 end records (EOCD fields set to 0xFFFF/0xFFFFFFFF). */
  zip64?: boolean;
  /** Appends a second central record for the entry at this index (same local header). */
  duplicateCentralOf?: number;
  /** Declares this many entries in the end record instead of the true count. */
  declaredEntryCount?: number;
}

const text = new TextEncoder();
const bytesOf = (data: Uint8Array | string | undefined): Uint8Array =>
  typeof data === 'string' ? text.encode(data) : (data ?? new Uint8Array());

class Writer {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  u16(value: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value, true);
    this.raw(b);
  }
  u32(value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    this.raw(b);
  }
  u64(value: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(value), true);
    this.raw(b);
  }
  raw(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.byteLength;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
}

interface Written {
  spec: EntrySpec;
  offset: number;
  nameBytes: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
}

export function buildZip(entries: EntrySpec[], options: ZipSpec = {}): Uint8Array {
  const w = new Writer();
  if (options.prefix) w.raw(options.prefix);
  const written: Written[] = [];
  for (const spec of entries) {
    const data = bytesOf(spec.data);
    const method = spec.method ?? 0;
    const payload = method === 8 ? deflateRawSync(data) : data;
    const flags = (spec.flags ?? 0) | (spec.dataDescriptor === true ? 0x0008 : 0);
    const entry: Written = {
      spec,
      offset: w.length,
      nameBytes: text.encode(spec.name),
      method,
      flags,
      crc: spec.crc ?? crc32(data),
      compressedSize: spec.compressedSize ?? payload.byteLength,
      uncompressedSize: spec.uncompressedSize ?? data.byteLength,
    };
    const localName = text.encode(spec.localName ?? spec.name);
    const localExtra = spec.localExtra ?? new Uint8Array();
    const deferred = spec.dataDescriptor === true;
    w.u32(0x04034b50);
    w.u16(20);
    w.u16(flags);
    w.u16(spec.localMethod ?? method);
    w.u16(0);
    w.u16(0x21);
    w.u32(deferred ? 0 : entry.crc);
    w.u32(deferred ? 0 : entry.compressedSize);
    w.u32(deferred ? 0 : (spec.localUncompressedSize ?? entry.uncompressedSize));
    w.u16(localName.byteLength);
    w.u16(localExtra.byteLength);
    w.raw(localName);
    w.raw(localExtra);
    w.raw(payload);
    if (deferred) {
      w.u32(0x08074b50);
      w.u32(entry.crc);
      w.u32(entry.compressedSize);
      w.u32(entry.uncompressedSize);
    }
    if (spec.gapAfter) w.raw(spec.gapAfter);
    written.push(entry);
  }
  const central = [...written];
  if (options.duplicateCentralOf !== undefined) {
    const copy = written[options.duplicateCentralOf];
    if (copy) central.push(copy);
  }
  const cdOffset = w.length;
  for (const entry of central) {
    w.u32(0x02014b50);
    w.u16(0x031e);
    w.u16(20);
    w.u16(entry.flags);
    w.u16(entry.method);
    w.u16(0);
    w.u16(0x21);
    w.u32(entry.crc);
    w.u32(entry.compressedSize);
    w.u32(entry.uncompressedSize);
    w.u16(entry.nameBytes.byteLength);
    w.u16(0);
    w.u16(0);
    w.u16(0);
    w.u16(0);
    w.u32(0);
    w.u32(entry.offset);
    w.raw(entry.nameBytes);
  }
  const cdSize = w.length - cdOffset;
  const count = options.declaredEntryCount ?? central.length;
  if (options.zip64) {
    const recordOffset = w.length;
    w.u32(0x06064b50);
    w.u64(44);
    w.u16(45);
    w.u16(45);
    w.u32(0);
    w.u32(0);
    w.u64(count);
    w.u64(count);
    w.u64(cdSize);
    w.u64(cdOffset);
    w.u32(0x07064b50);
    w.u32(0);
    w.u64(recordOffset);
    w.u32(1);
  }
  const comment = options.comment ?? new Uint8Array();
  w.u32(0x06054b50);
  w.u16(0);
  w.u16(0);
  w.u16(options.zip64 ? 0xffff : count);
  w.u16(options.zip64 ? 0xffff : count);
  w.u32(options.zip64 ? 0xffffffff : cdSize);
  w.u32(options.zip64 ? 0xffffffff : cdOffset);
  w.u16(comment.byteLength);
  w.raw(comment);
  if (options.suffix) w.raw(options.suffix);
  return w.bytes();
}
