import { isWhitespace } from './lexer.js';
import { MAX_OBJECTS } from './limits.js';
import type { IndirectObject } from './parse-indirect-object.js';
import type { PdfDocument } from './pdf-document.js';
import { PdfFormatError } from './pdf-format-error.js';

const isDigit = (byte: number | undefined): boolean =>
  byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** Start of `n g` before the `obj` keyword at `objAt`, or -1 when it is not a header. */
const headerStart = (bytes: Uint8Array, objAt: number): number => {
  let pos = objAt - 1;
  if (!isWhitespace(bytes[pos])) return -1;
  while (pos >= 0 && isWhitespace(bytes[pos])) pos -= 1;
  if (!isDigit(bytes[pos])) return -1;
  while (pos >= 0 && isDigit(bytes[pos])) pos -= 1;
  if (!isWhitespace(bytes[pos])) return -1;
  while (pos >= 0 && isWhitespace(bytes[pos])) pos -= 1;
  if (!isDigit(bytes[pos])) return -1;
  while (pos >= 0 && isDigit(bytes[pos])) pos -= 1;
  // The number must stand alone: `12 0 obj`, not `x12 0 obj`.
  if (pos >= 0 && !isWhitespace(bytes[pos]) && bytes[pos] !== 0x3e && bytes[pos] !== 0x5d) {
    return -1;
  }
  return pos + 1;
};

/** One scan per document: signature search and duplicate detection both need it. */
const scanned = new WeakMap<PdfDocument, IndirectObject[]>();

/**
 * Every indirect object physically present in the file, found by scanning for `n g obj` headers
 * (stream data is skipped once an object parses). This is how objects that no xref names come to
 * light: a signature dictionary nobody references is a wrapping sign.
 */
export const scanObjects = (doc: PdfDocument): IndirectObject[] => {
  const cached = scanned.get(doc);
  if (cached !== undefined) return cached;
  const { bytes } = doc;
  const found: IndirectObject[] = [];
  let pos = 0;
  while (pos + 3 <= bytes.length) {
    const at = bytes.indexOf(0x6f, pos); // 'o'
    if (at < 0 || at + 3 > bytes.length) break;
    pos = at + 1;
    if (bytes[at + 1] !== 0x62 || bytes[at + 2] !== 0x6a) continue; // 'bj'
    const next = bytes[at + 3];
    if (
      next !== undefined &&
      !isWhitespace(next) &&
      next !== 0x3c &&
      next !== 0x5b &&
      next !== 0x2f
    ) {
      continue;
    }
    const start = headerStart(bytes, at);
    if (start < 0) continue;
    const object = doc.objectAtOffset(start);
    if (object instanceof PdfFormatError) continue;
    if (found.length >= MAX_OBJECTS) {
      throw new PdfFormatError(`more than ${MAX_OBJECTS} objects in the file`);
    }
    found.push(object);
    pos = Math.max(pos, object.end);
  }
  scanned.set(doc, found);
  return found;
};
