import { ZipFormatError } from './zip-format-error.js';

/**
 * Little-endian reads over the untrusted input. Every read is bounds-checked, so a lying offset or
 * length in a header becomes a `ZipFormatError`, never an out-of-range read that returns undefined.
 */
export class ByteReader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  has(offset: number, length: number): boolean {
    return (
      Number.isSafeInteger(offset) &&
      Number.isSafeInteger(length) &&
      offset >= 0 &&
      length >= 0 &&
      offset + length <= this.bytes.byteLength
    );
  }

  u16(offset: number, what: string): number {
    this.require(offset, 2, what);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number, what: string): number {
    this.require(offset, 4, what);
    return this.view.getUint32(offset, true);
  }

  /** 64-bit sizes beyond 2^53 cannot be real for us: they are refused rather than rounded. */
  u64(offset: number, what: string): number {
    this.require(offset, 8, what);
    const value = this.view.getBigUint64(offset, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      throw new ZipFormatError('value-too-large', `${what}: 64-bit value ${value} is too large`);
    return Number(value);
  }

  slice(offset: number, length: number, what: string): Uint8Array {
    this.require(offset, length, what);
    return this.bytes.subarray(offset, offset + length);
  }

  private require(offset: number, length: number, what: string): void {
    if (!this.has(offset, length))
      throw new ZipFormatError(
        'truncated',
        `${what}: needs ${length} bytes at offset ${offset}, the file has ${this.bytes.byteLength}`,
      );
  }
}
