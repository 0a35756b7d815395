import { readToken, type Lexed } from './lexer.js';
import { MAX_CONTAINER_ITEMS, MAX_NESTING_DEPTH } from './limits.js';
import { PDF_NULL, type PdfArray, type PdfDict, type PdfValue } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';

export interface Parsed<T> {
  readonly value: T;
  /** Offset just past the parsed value. */
  readonly end: number;
}

type Frame =
  | { readonly kind: 'array'; readonly value: PdfArray }
  | { readonly kind: 'dict'; readonly value: PdfDict; key: string | undefined };

/** An object number or generation as written in `n g R` / `n g obj`: a non-negative integer. */
const isObjectNumber = (lexed: Lexed): boolean =>
  lexed.token.type === 'number' &&
  lexed.token.integer &&
  lexed.token.value >= 0 &&
  Number.isSafeInteger(lexed.token.value);

/** If `n g R` starts with `first`, the reference and its end offset. */
const tryReference = (
  bytes: Uint8Array,
  first: Lexed,
): { value: PdfValue; end: number } | undefined => {
  if (!isObjectNumber(first)) return undefined;
  const second = readToken(bytes, first.end);
  if (!isObjectNumber(second)) return undefined;
  const third = readToken(bytes, second.end);
  if (third.token.type !== 'keyword' || third.token.value !== 'R') return undefined;
  const num = first.token.type === 'number' ? first.token.value : 0;
  const gen = second.token.type === 'number' ? second.token.value : 0;
  return { value: { kind: 'ref', num, gen }, end: third.end };
};

/**
 * Parses one PDF value at `offset` (ISO 32000-1 §7.3). Iterative with an explicit stack, so deep
 * nesting cannot overflow the JavaScript stack; nesting beyond MAX_NESTING_DEPTH is rejected.
 * String offsets are reported relative to `bytes` plus `baseOffset`.
 */
export const parseValue = (bytes: Uint8Array, offset: number, baseOffset = 0): Parsed<PdfValue> => {
  const stack: Frame[] = [];
  let pos = offset;
  for (;;) {
    const lexed = readToken(bytes, pos);
    pos = lexed.end;
    const { token } = lexed;
    let completed: PdfValue | undefined;
    switch (token.type) {
      case 'eof':
        throw new PdfFormatError('unexpected end of data inside an object', lexed.start);
      case 'number': {
        const reference = tryReference(bytes, lexed);
        if (reference !== undefined) {
          completed = reference.value;
          pos = reference.end;
        } else {
          completed = { kind: 'number', value: token.value, integer: token.integer };
        }
        break;
      }
      case 'name':
        completed = { kind: 'name', value: token.value };
        break;
      case 'string':
        completed = {
          kind: 'string',
          bytes: token.bytes,
          hex: token.hex,
          start: baseOffset + lexed.start,
          end: baseOffset + lexed.end,
        };
        break;
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') {
          completed = { kind: 'boolean', value: token.value === 'true' };
        } else if (token.value === 'null') {
          completed = PDF_NULL;
        } else {
          throw new PdfFormatError(`unexpected keyword "${token.value.slice(0, 20)}"`, lexed.start);
        }
        break;
      case 'array-start':
      case 'dict-start': {
        if (stack.length >= MAX_NESTING_DEPTH) {
          throw new PdfFormatError(
            `arrays/dictionaries nested deeper than ${MAX_NESTING_DEPTH}`,
            lexed.start,
          );
        }
        stack.push(
          token.type === 'array-start'
            ? { kind: 'array', value: { kind: 'array', items: [] } }
            : { kind: 'dict', value: { kind: 'dict', entries: new Map() }, key: undefined },
        );
        continue;
      }
      case 'array-end': {
        const top = stack.pop();
        if (top?.kind !== 'array') throw new PdfFormatError('unbalanced "]"', lexed.start);
        completed = top.value;
        break;
      }
      case 'dict-end': {
        const top = stack.pop();
        if (top?.kind !== 'dict') throw new PdfFormatError('unbalanced ">>"', lexed.start);
        if (top.key !== undefined) {
          throw new PdfFormatError(`dictionary key /${top.key} has no value`, lexed.start);
        }
        completed = top.value;
        break;
      }
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) return { value: completed, end: pos };
    if (parent.kind === 'array') {
      if (parent.value.items.length >= MAX_CONTAINER_ITEMS) {
        throw new PdfFormatError(`array with more than ${MAX_CONTAINER_ITEMS} items`, lexed.start);
      }
      parent.value.items.push(completed);
    } else if (parent.key === undefined) {
      if (completed.kind !== 'name') {
        throw new PdfFormatError('dictionary key is not a name', lexed.start);
      }
      parent.key = completed.value;
    } else {
      if (parent.value.entries.size >= MAX_CONTAINER_ITEMS) {
        throw new PdfFormatError(`dictionary with more than ${MAX_CONTAINER_ITEMS} keys`, pos);
      }
      // A repeated key keeps its first value, as most viewers do; the object is odd, not fatal.
      if (!parent.value.entries.has(parent.key)) parent.value.entries.set(parent.key, completed);
      parent.key = undefined;
    }
  }
};
