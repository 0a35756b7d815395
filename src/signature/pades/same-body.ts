import type { PdfObjectBody, PdfValue } from './pdf-object.js';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Structural equality of two object bodies (offsets ignored). Writers sometimes re-write an
 * unchanged object in an update; that is not a change. Depth is bounded by the parser's limit.
 */
export const sameBody = (a: PdfObjectBody | undefined, b: PdfObjectBody | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'stream' || b.kind === 'stream') {
    return (
      a.kind === 'stream' &&
      b.kind === 'stream' &&
      sameBytes(a.data, b.data) &&
      sameBody(a.dict, b.dict)
    );
  }
  return sameValue(a, b);
};

export const sameValue = (a: PdfValue | undefined, b: PdfValue | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b;
  switch (a.kind) {
    case 'null':
      return b.kind === 'null';
    case 'boolean':
    case 'number':
    case 'name':
      return b.kind === a.kind && b.value === a.value;
    case 'string':
      return b.kind === 'string' && sameBytes(a.bytes, b.bytes);
    case 'ref':
      return b.kind === 'ref' && a.num === b.num && a.gen === b.gen;
    case 'array':
      return (
        b.kind === 'array' &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => sameValue(item, b.items[i]))
      );
    case 'dict':
      return (
        b.kind === 'dict' &&
        a.entries.size === b.entries.size &&
        [...a.entries].every(([key, value]) => sameValue(value, b.entries.get(key)))
      );
  }
};

/** Keys whose values differ between two dictionaries (present in either). */
export const changedKeys = (
  a: ReadonlyMap<string, PdfValue>,
  b: ReadonlyMap<string, PdfValue>,
): string[] => {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((key) => !sameValue(a.get(key), b.get(key)));
};
