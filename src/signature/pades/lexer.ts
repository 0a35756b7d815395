import { PdfFormatError } from './pdf-format-error.js';

/** One lexical token of PDF syntax (ISO 32000-1 §7.2). */
export type Token =
  | { readonly type: 'number'; readonly value: number; readonly integer: boolean }
  | { readonly type: 'name'; readonly value: string }
  | {
      readonly type: 'string';
      readonly bytes: Uint8Array;
      readonly hex: boolean;
    }
  | { readonly type: 'keyword'; readonly value: string }
  | { readonly type: 'array-start' | 'array-end' | 'dict-start' | 'dict-end' }
  | { readonly type: 'eof' };

export interface Lexed {
  readonly token: Token;
  /** Offset of the token's first byte (after whitespace and comments). */
  readonly start: number;
  /** Offset just past the token. */
  readonly end: number;
}

const CR = 0x0d;
const LF = 0x0a;

export const isWhitespace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === LF || byte === CR || byte === 0x09 || byte === 0x0c || byte === 0x00;

export const isDelimiter = (byte: number | undefined): boolean =>
  byte === 0x28 || // (
  byte === 0x29 || // )
  byte === 0x3c || // <
  byte === 0x3e || // >
  byte === 0x5b || // [
  byte === 0x5d || // ]
  byte === 0x7b || // {
  byte === 0x7d || // }
  byte === 0x2f || // /
  byte === 0x25; // %

const isRegular = (byte: number | undefined): boolean =>
  byte !== undefined && !isWhitespace(byte) && !isDelimiter(byte);

const hexValue = (byte: number | undefined): number => {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
};

/** Skips whitespace and `%` comments; returns the offset of the next significant byte. */
export const skipWhitespace = (bytes: Uint8Array, offset: number): number => {
  let pos = offset;
  while (pos < bytes.length) {
    const byte = bytes[pos];
    if (isWhitespace(byte)) {
      pos += 1;
    } else if (byte === 0x25) {
      while (pos < bytes.length && bytes[pos] !== LF && bytes[pos] !== CR) pos += 1;
    } else {
      break;
    }
  }
  return pos;
};

const latin1 = new TextDecoder('latin1');

const readNumber = (bytes: Uint8Array, start: number): Lexed => {
  let pos = start;
  if (bytes[pos] === 0x2b || bytes[pos] === 0x2d) pos += 1;
  let digits = 0;
  let dot = false;
  while (pos < bytes.length) {
    const byte = bytes[pos];
    if (byte !== undefined && byte >= 0x30 && byte <= 0x39) {
      digits += 1;
    } else if (byte === 0x2e && !dot) {
      dot = true;
    } else {
      break;
    }
    pos += 1;
  }
  if (digits === 0 || isRegular(bytes[pos])) {
    // Something like `-` or `12abc`: treat as a keyword so the parser rejects it with context.
    let end = start;
    while (isRegular(bytes[end])) end += 1;
    return {
      token: { type: 'keyword', value: latin1.decode(bytes.subarray(start, end)) },
      start,
      end,
    };
  }
  const value = Number(latin1.decode(bytes.subarray(start, pos)));
  return { token: { type: 'number', value, integer: !dot }, start, end: pos };
};

const readName = (bytes: Uint8Array, start: number): Lexed => {
  let pos = start + 1;
  const out: number[] = [];
  while (isRegular(bytes[pos])) {
    const byte = bytes[pos] ?? 0;
    if (byte === 0x23) {
      const high = hexValue(bytes[pos + 1]);
      const low = hexValue(bytes[pos + 2]);
      if (high < 0 || low < 0) throw new PdfFormatError('bad #xx escape in a name', pos);
      out.push(high * 16 + low);
      pos += 3;
    } else {
      out.push(byte);
      pos += 1;
    }
  }
  return {
    token: { type: 'name', value: latin1.decode(Uint8Array.from(out)) },
    start,
    end: pos,
  };
};

const readHexString = (bytes: Uint8Array, start: number): Lexed => {
  let pos = start + 1;
  const out: number[] = [];
  let pending = -1;
  for (;;) {
    if (pos >= bytes.length) throw new PdfFormatError('unterminated hex string', start);
    const byte = bytes[pos];
    pos += 1;
    if (byte === 0x3e) break;
    if (isWhitespace(byte)) continue;
    const value = hexValue(byte);
    if (value < 0) throw new PdfFormatError('bad character in hex string', pos - 1);
    if (pending < 0) {
      pending = value;
    } else {
      out.push(pending * 16 + value);
      pending = -1;
    }
  }
  // An odd number of digits: the last one is followed by an implied 0 (ISO 32000-1 §7.3.4.3).
  if (pending >= 0) out.push(pending * 16);
  return { token: { type: 'string', bytes: Uint8Array.from(out), hex: true }, start, end: pos };
};

const ESCAPES: Readonly<Record<number, number>> = {
  0x6e: LF, // n
  0x72: CR, // r
  0x74: 0x09, // t
  0x62: 0x08, // b
  0x66: 0x0c, // f
  0x28: 0x28,
  0x29: 0x29,
  0x5c: 0x5c,
};

const readLiteralString = (bytes: Uint8Array, start: number): Lexed => {
  let pos = start + 1;
  let depth = 1;
  const out: number[] = [];
  for (;;) {
    if (pos >= bytes.length) throw new PdfFormatError('unterminated literal string', start);
    const byte = bytes[pos] ?? 0;
    pos += 1;
    if (byte === 0x5c) {
      const next = bytes[pos];
      if (next === undefined) continue;
      pos += 1;
      const escaped = ESCAPES[next];
      if (escaped !== undefined) {
        out.push(escaped);
      } else if (next >= 0x30 && next <= 0x37) {
        let value = next - 0x30;
        for (let i = 0; i < 2; i += 1) {
          const digit = bytes[pos];
          if (digit === undefined || digit < 0x30 || digit > 0x37) break;
          value = value * 8 + (digit - 0x30);
          pos += 1;
        }
        out.push(value & 0xff);
      } else if (next === CR) {
        if (bytes[pos] === LF) pos += 1;
      } else if (next !== LF) {
        out.push(next);
      }
    } else if (byte === 0x28) {
      depth += 1;
      out.push(byte);
    } else if (byte === 0x29) {
      depth -= 1;
      if (depth === 0) break;
      out.push(byte);
    } else {
      out.push(byte);
    }
  }
  return { token: { type: 'string', bytes: Uint8Array.from(out), hex: false }, start, end: pos };
};

/** Reads the token at `offset` (skipping whitespace and comments first). Never reads past the end. */
export const readToken = (bytes: Uint8Array, offset: number): Lexed => {
  const start = skipWhitespace(bytes, offset);
  const byte = bytes[start];
  if (byte === undefined) return { token: { type: 'eof' }, start, end: start };
  if (byte === 0x2f) return readName(bytes, start);
  if (byte === 0x28) return readLiteralString(bytes, start);
  if (byte === 0x3c) {
    if (bytes[start + 1] === 0x3c) return { token: { type: 'dict-start' }, start, end: start + 2 };
    return readHexString(bytes, start);
  }
  if (byte === 0x3e) {
    if (bytes[start + 1] === 0x3e) return { token: { type: 'dict-end' }, start, end: start + 2 };
    throw new PdfFormatError('unexpected ">"', start);
  }
  if (byte === 0x5b) return { token: { type: 'array-start' }, start, end: start + 1 };
  if (byte === 0x5d) return { token: { type: 'array-end' }, start, end: start + 1 };
  if (byte === 0x2b || byte === 0x2d || byte === 0x2e || (byte >= 0x30 && byte <= 0x39)) {
    return readNumber(bytes, start);
  }
  if (isDelimiter(byte))
    throw new PdfFormatError(`unexpected "${String.fromCharCode(byte)}"`, start);
  let end = start;
  while (isRegular(bytes[end])) end += 1;
  return {
    token: { type: 'keyword', value: latin1.decode(bytes.subarray(start, end)) },
    start,
    end,
  };
};

/** Offset of `needle` at or after `from` and before `limit`, or -1. Plain bounded byte search. */
export const indexOfBytes = (
  bytes: Uint8Array,
  needle: Uint8Array,
  from: number,
  limit: number = bytes.length,
): number => {
  const first = needle[0];
  const last = Math.min(limit, bytes.length) - needle.length;
  for (let i = Math.max(0, from); i <= last; i += 1) {
    if (bytes[i] !== first) continue;
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j += 1;
    if (j === needle.length) return i;
  }
  return -1;
};

/** Offset of the last `needle` that starts before `before`, or -1. */
export const lastIndexOfBytes = (bytes: Uint8Array, needle: Uint8Array, before: number): number => {
  for (let i = Math.min(before, bytes.length - needle.length); i >= 0; i -= 1) {
    let j = 0;
    while (j < needle.length && bytes[i + j] === needle[j]) j += 1;
    if (j === needle.length) return i;
  }
  return -1;
};

export const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
