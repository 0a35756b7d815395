import { ascii, indexOfBytes, readToken } from './lexer.js';
import { MAX_ENDSTREAM_SEARCH_BYTES } from './limits.js';
import { parseValue } from './parse-value.js';
import type { PdfObjectBody, PdfRef } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly body: PdfObjectBody;
  /** Offset of the object header (`n g obj`). */
  readonly start: number;
  /** Offset just past `endobj` (or past the body when `endobj` is missing). */
  readonly end: number;
  /** The stream's /Length did not match where `endstream` really is. */
  readonly lengthMismatch: boolean;
}

const ENDSTREAM = ascii('endstream');
const CR = 0x0d;
const LF = 0x0a;

/** Resolves an indirect /Length; undefined when it cannot be resolved. */
export type LengthResolver = (ref: PdfRef) => number | undefined;

const readInteger = (bytes: Uint8Array, offset: number): { value: number; end: number } => {
  const lexed = readToken(bytes, offset);
  if (lexed.token.type !== 'number' || !lexed.token.integer || lexed.token.value < 0) {
    throw new PdfFormatError('expected an object header "n g obj"', lexed.start);
  }
  return { value: lexed.token.value, end: lexed.end };
};

/** Where `endstream` follows the data when the data ends at `dataEnd` (EOL allowed), else -1. */
const endstreamAfter = (bytes: Uint8Array, dataEnd: number): number => {
  let pos = dataEnd;
  if (bytes[pos] === CR) pos += 1;
  if (bytes[pos] === LF) pos += 1;
  if (indexOfBytes(bytes, ENDSTREAM, pos, pos + ENDSTREAM.length) === pos) return pos;
  return -1;
};

/**
 * Parses the indirect object whose header starts at `offset` (`n g obj … endobj`, §7.3.10),
 * including a stream body. A wrong /Length is tolerated by finding `endstream`, and flagged.
 */
export const parseIndirectObject = (
  bytes: Uint8Array,
  offset: number,
  resolveLength: LengthResolver,
): IndirectObject => {
  if (offset < 0 || offset >= bytes.length) {
    throw new PdfFormatError('object offset outside the file', offset);
  }
  const num = readInteger(bytes, offset);
  const gen = readInteger(bytes, num.end);
  const keyword = readToken(bytes, gen.end);
  if (keyword.token.type !== 'keyword' || keyword.token.value !== 'obj') {
    throw new PdfFormatError('expected an object header "n g obj"', offset);
  }
  const start = readToken(bytes, offset).start;
  const parsed = parseValue(bytes, keyword.end);
  let body: PdfObjectBody = parsed.value;
  let pos = parsed.end;
  let lengthMismatch = false;
  let next = readToken(bytes, pos);
  if (next.token.type === 'keyword' && next.token.value === 'stream') {
    if (parsed.value.kind !== 'dict') {
      throw new PdfFormatError('"stream" after a value that is not a dictionary', next.start);
    }
    let dataStart = next.end;
    if (bytes[dataStart] === CR) dataStart += 1;
    if (bytes[dataStart] === LF) dataStart += 1;
    const lengthValue = parsed.value.entries.get('Length');
    const length =
      lengthValue?.kind === 'number' && lengthValue.integer
        ? lengthValue.value
        : lengthValue?.kind === 'ref'
          ? resolveLength(lengthValue)
          : undefined;
    let dataEnd = -1;
    let endstream = -1;
    if (length !== undefined && length >= 0 && dataStart + length <= bytes.length) {
      endstream = endstreamAfter(bytes, dataStart + length);
      if (endstream >= 0) dataEnd = dataStart + length;
    }
    if (dataEnd < 0) {
      lengthMismatch = true;
      endstream = indexOfBytes(bytes, ENDSTREAM, dataStart, dataStart + MAX_ENDSTREAM_SEARCH_BYTES);
      if (endstream < 0) throw new PdfFormatError('stream without "endstream"', dataStart);
      dataEnd = endstream;
      if (bytes[dataEnd - 1] === LF && dataEnd - 1 >= dataStart) dataEnd -= 1;
      if (bytes[dataEnd - 1] === CR && dataEnd - 1 >= dataStart) dataEnd -= 1;
    }
    body = { kind: 'stream', dict: parsed.value, data: bytes.subarray(dataStart, dataEnd) };
    pos = endstream + ENDSTREAM.length;
    next = readToken(bytes, pos);
  }
  if (next.token.type === 'keyword' && next.token.value === 'endobj') pos = next.end;
  return { num: num.value, gen: gen.value, body, start, end: pos, lengthMismatch };
};
