import { PHONE_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/** Latvian numbers: +371 and eight digits (fixed lines start with 6, mobiles with 2). */
const LATVIAN = /^\+371\d{8}$/;
/** ITU-T E.164 allows at most 15 digits; 7 is the shortest national numbering plan in use. */
const INTERNATIONAL = /^\+\d{7,15}$/;

/**
 * A phone number in international form. Spaces (also non-breaking ones) are allowed for
 * readability and removed; the stored value is `+37167123456`.
 */
export const phone: ValueParser<string> = andThen(text({ max: PHONE_MAX }), (value) => {
  const compact = value.replace(/[\s\u00a0]+/g, '');
  if (compact.startsWith('+371'))
    return LATVIAN.test(compact)
      ? ok(compact)
      : fail('must be +371 followed by 8 digits, e.g. +371 67 123 456');
  return INTERNATIONAL.test(compact)
    ? ok(compact)
    : fail('must be an international number: + and 7 to 15 digits, e.g. +371 67 123 456');
});
