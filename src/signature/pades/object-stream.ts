import { decodeStream, type DecodeBudget } from './decode-stream.js';
import { readToken } from './lexer.js';
import { MAX_OBJECTS_PER_OBJECT_STREAM } from './limits.js';
import type { IndirectObject } from './parse-indirect-object.js';
import { parseValue } from './parse-value.js';
import { asInteger, asName, type PdfValue } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';

/** A decoded object stream (/Type /ObjStm, ISO 32000-1 §7.5.7). */
export interface ObjectStream {
  /** File offset of the object stream's own header. */
  readonly offset: number;
  readonly objectNumbers: readonly number[];
  /** The index-th object; parsed lazily, undefined when that slot is broken. */
  objectAt(index: number): { num: number; value: PdfValue } | undefined;
}

export const readObjectStream = (object: IndirectObject, budget: DecodeBudget): ObjectStream => {
  if (object.body.kind !== 'stream' || asName(object.body.dict.entries.get('Type')) !== 'ObjStm') {
    throw new PdfFormatError(`object ${object.num} is not an object stream`, object.start);
  }
  const count = asInteger(object.body.dict.entries.get('N'));
  const first = asInteger(object.body.dict.entries.get('First'));
  if (count === undefined || count < 0 || count > MAX_OBJECTS_PER_OBJECT_STREAM) {
    throw new PdfFormatError(
      `object stream /N missing or above ${MAX_OBJECTS_PER_OBJECT_STREAM}`,
      object.start,
    );
  }
  if (first === undefined || first < 0) {
    throw new PdfFormatError('object stream /First missing', object.start);
  }
  const data = decodeStream(object.body, budget);
  const numbers: number[] = [];
  const offsets: number[] = [];
  let pos = 0;
  for (let i = 0; i < count; i += 1) {
    const num = readToken(data, pos);
    const offset = readToken(data, num.end);
    if (
      num.token.type !== 'number' ||
      offset.token.type !== 'number' ||
      !num.token.integer ||
      !offset.token.integer
    ) {
      throw new PdfFormatError('object stream header is not pairs of integers', object.start);
    }
    numbers.push(num.token.value);
    offsets.push(offset.token.value);
    pos = offset.end;
  }
  const cache = new Map<number, { num: number; value: PdfValue } | undefined>();
  return {
    offset: object.start,
    objectNumbers: numbers,
    objectAt(index) {
      if (cache.has(index)) return cache.get(index);
      const num = numbers[index];
      const offset = offsets[index];
      let result: { num: number; value: PdfValue } | undefined;
      if (num !== undefined && offset !== undefined && first + offset < data.length) {
        try {
          // Offsets inside decoded data are not file offsets: strings get negative positions so
          // that no ByteRange check can ever match them.
          result = { num, value: parseValue(data, first + offset, -data.length - 1).value };
        } catch (error) {
          if (!(error instanceof PdfFormatError)) throw error;
          result = undefined;
        }
      }
      cache.set(index, result);
      return result;
    },
  };
};
