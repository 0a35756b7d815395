import { MAX_RAW_SCAN_CHARS } from './letter-limits.js';

/**
 * Makes an untrusted value safe to print: one line, no control characters, at most `max`
 * characters. A letter never interprets a value (it is a PDF and a plain-text body, not HTML),
 * but a line break or a bidirectional override in a value could still fake lines or reorder text
 * around it, and a huge value must not make a huge letter.
 */

export const ELLIPSIS = '…';

/** Line and paragraph breaks and tabs become a space: a value stays on its own line. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
/** C0 and C1 control characters and DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidirectional marks, embeddings, overrides and isolates: they reorder the text around them. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Half of a surrogate pair without its other half is not a character. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const REPLACEMENT = '\ufffd';

/** `text` cleaned and cut to `max` characters (code points), ending in "…" when cut. */
export function cleanText(text: string, max: number): string {
  const scanned = text.length > MAX_RAW_SCAN_CHARS ? text.slice(0, MAX_RAW_SCAN_CHARS) : text;
  const clean = scanned
    .replace(LONE_SURROGATE, REPLACEMENT)
    .replace(BREAKS, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .normalize('NFC')
    .replace(/ {2,}/g, ' ')
    .trim();
  const chars = Array.from(clean);
  if (chars.length <= max && scanned.length === text.length) return clean;
  return (
    chars
      .slice(0, Math.max(0, max - 1))
      .join('')
      .trimEnd() + ELLIPSIS
  );
}

/**
 * A printable form of a data value: strings cleaned, finite numbers written out; anything else
 * (objects, booleans, null) is not a value a letter prints, and an empty string is no value.
 */
export function printable(value: unknown, max: number): string | null {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'bigint') text = String(value);
  else return null;
  const clean = cleanText(text, max);
  return clean === '' ? null : clean;
}
