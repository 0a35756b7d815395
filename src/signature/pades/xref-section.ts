import { decodeStream, type DecodeBudget } from './decode-stream.js';
import { readToken } from './lexer.js';
import { MAX_OBJECTS } from './limits.js';
import { parseIndirectObject, type LengthResolver } from './parse-indirect-object.js';
import { parseValue } from './parse-value.js';
import { asArray, asInteger, asName, type PdfDict } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';

/** One cross-reference entry (ISO 32000-1 §7.5.4 and §7.5.8.3). */
export type XrefEntry =
  | { readonly type: 'free'; readonly gen: number }
  | { readonly type: 'offset'; readonly gen: number; readonly offset: number }
  | {
      readonly type: 'compressed';
      readonly gen: 0;
      readonly stream: number;
      readonly index: number;
    };

export type XrefKind = 'table' | 'stream' | 'hybrid';

/** One xref section with its trailer: a table (`xref … trailer`), a stream, or both (hybrid). */
export interface XrefSection {
  readonly offset: number;
  readonly kind: XrefKind;
  readonly entries: Map<number, XrefEntry>;
  readonly trailer: PdfDict;
  /** Offset just past the trailer dictionary or the xref stream object. */
  readonly end: number;
  /** Object numbers listed more than once within this section. */
  readonly duplicateEntries: number[];
  /** Object numbers of the xref streams of this section (they are objects of the file too). */
  readonly streamObjects: number[];
}

const addEntry = (section: XrefSection, num: number, entry: XrefEntry): void => {
  if (num >= MAX_OBJECTS) {
    throw new PdfFormatError(`object number ${num} exceeds the limit of ${MAX_OBJECTS}`);
  }
  if (section.entries.has(num)) section.duplicateEntries.push(num);
  else section.entries.set(num, entry);
};

const expectInteger = (bytes: Uint8Array, offset: number, what: string) => {
  const lexed = readToken(bytes, offset);
  if (lexed.token.type !== 'number' || !lexed.token.integer || lexed.token.value < 0) {
    throw new PdfFormatError(`xref table: expected ${what}`, lexed.start);
  }
  return { value: lexed.token.value, end: lexed.end };
};

const parseTable = (bytes: Uint8Array, offset: number, start: number): XrefSection => {
  const entries = new Map<number, XrefEntry>();
  let pos = start;
  const partial: Omit<XrefSection, 'trailer' | 'end'> = {
    offset,
    kind: 'table',
    entries,
    duplicateEntries: [],
    streamObjects: [],
  };
  let total = 0;
  for (;;) {
    const lexed = readToken(bytes, pos);
    if (lexed.token.type === 'keyword' && lexed.token.value === 'trailer') {
      const trailer = parseValue(bytes, lexed.end);
      if (trailer.value.kind !== 'dict') throw new PdfFormatError('trailer is not a dictionary');
      return { ...partial, trailer: trailer.value, end: trailer.end };
    }
    const first = expectInteger(bytes, pos, 'a subsection start or "trailer"');
    const count = expectInteger(bytes, first.end, 'a subsection count');
    total += count.value;
    if (first.value + count.value > MAX_OBJECTS || total > MAX_OBJECTS) {
      throw new PdfFormatError(`xref table lists more than ${MAX_OBJECTS} objects`, pos);
    }
    pos = count.end;
    for (let i = 0; i < count.value; i += 1) {
      const field1 = expectInteger(bytes, pos, 'an entry offset');
      const field2 = expectInteger(bytes, field1.end, 'an entry generation');
      const marker = readToken(bytes, field2.end);
      pos = marker.end;
      const kind = marker.token.type === 'keyword' ? marker.token.value : '';
      if (kind === 'n') {
        addEntry(partial as XrefSection, first.value + i, {
          type: 'offset',
          gen: field2.value,
          offset: field1.value,
        });
      } else if (kind === 'f') {
        addEntry(partial as XrefSection, first.value + i, { type: 'free', gen: field2.value });
      } else {
        throw new PdfFormatError('xref table: entry is neither "n" nor "f"', marker.start);
      }
    }
  }
};

const readField = (data: Uint8Array, pos: number, width: number): number => {
  let value = 0;
  for (let i = 0; i < width; i += 1) value = value * 256 + (data[pos + i] ?? 0);
  return value;
};

const parseStream = (
  bytes: Uint8Array,
  offset: number,
  budget: DecodeBudget,
  resolveLength: LengthResolver,
): XrefSection => {
  const object = parseIndirectObject(bytes, offset, resolveLength);
  if (object.body.kind !== 'stream' || asName(object.body.dict.entries.get('Type')) !== 'XRef') {
    throw new PdfFormatError(
      'startxref/Prev does not point to an xref table or xref stream',
      offset,
    );
  }
  const dict = object.body.dict;
  const widths = (asArray(dict.entries.get('W')) ?? []).map(asInteger);
  const size = asInteger(dict.entries.get('Size'));
  if (widths.length !== 3 || widths.some((w) => w === undefined || w < 0 || w > 8)) {
    throw new PdfFormatError('xref stream /W is not three small integers', offset);
  }
  if (size === undefined || size < 0 || size > MAX_OBJECTS) {
    throw new PdfFormatError(`xref stream /Size missing or above ${MAX_OBJECTS}`, offset);
  }
  const [w0, w1, w2] = widths as [number, number, number];
  const rowLength = w0 + w1 + w2;
  if (rowLength === 0) throw new PdfFormatError('xref stream /W is all zero', offset);
  const index = (
    asArray(dict.entries.get('Index')) ?? [
      { kind: 'number', value: 0, integer: true },
      { kind: 'number', value: size, integer: true },
    ]
  ).map(asInteger);
  if (index.length % 2 !== 0 || index.some((n) => n === undefined || n < 0)) {
    throw new PdfFormatError('xref stream /Index is not pairs of integers', offset);
  }
  const data = decodeStream(object.body, budget);
  const section: XrefSection = {
    offset,
    kind: 'stream',
    entries: new Map(),
    trailer: dict,
    end: object.end,
    duplicateEntries: [],
    streamObjects: [object.num],
  };
  let row = 0;
  for (let i = 0; i < index.length; i += 2) {
    const first = index[i] ?? 0;
    const count = index[i + 1] ?? 0;
    if (first + count > MAX_OBJECTS) {
      throw new PdfFormatError(`xref stream lists objects beyond ${MAX_OBJECTS}`, offset);
    }
    for (let j = 0; j < count; j += 1) {
      const pos = row * rowLength;
      if (pos + rowLength > data.length) {
        throw new PdfFormatError('xref stream data is shorter than /Index announces', offset);
      }
      row += 1;
      const type = w0 === 0 ? 1 : readField(data, pos, w0);
      const f2 = readField(data, pos + w0, w1);
      const f3 = readField(data, pos + w0 + w1, w2);
      if (type === 0) addEntry(section, first + j, { type: 'free', gen: f3 });
      else if (type === 1) addEntry(section, first + j, { type: 'offset', gen: f3, offset: f2 });
      else if (type === 2) {
        addEntry(section, first + j, { type: 'compressed', gen: 0, stream: f2, index: f3 });
      }
      // Other types are reserved and mean "null object" (§7.5.8.3): nothing to record.
    }
  }
  return section;
};

/**
 * Parses the xref section at `offset`: a classic table with its trailer (and, for a hybrid file,
 * the /XRefStm stream it names), or an xref stream.
 */
export const parseXrefSection = (
  bytes: Uint8Array,
  offset: number,
  budget: DecodeBudget,
  resolveLength: LengthResolver,
): XrefSection => {
  if (offset < 0 || offset >= bytes.length) {
    throw new PdfFormatError(`xref offset ${offset} lies outside the file`);
  }
  const first = readToken(bytes, offset);
  if (first.token.type === 'keyword' && first.token.value === 'xref') {
    const table = parseTable(bytes, offset, first.end);
    const hybridOffset = asInteger(table.trailer.entries.get('XRefStm'));
    if (hybridOffset === undefined) return table;
    const stream = parseStream(bytes, hybridOffset, budget, resolveLength);
    // Hybrid files (§7.5.8.4): the stream supplies entries the table leaves free or absent.
    for (const [num, entry] of stream.entries) {
      const existing = table.entries.get(num);
      if (existing === undefined || existing.type === 'free') table.entries.set(num, entry);
    }
    return { ...table, kind: 'hybrid', streamObjects: stream.streamObjects };
  }
  return parseStream(bytes, offset, budget, resolveLength);
};
