import { describe, expect, it } from 'vitest';
import { cleanText, printable } from '../../../../src/responses/letters/clean-text.js';
import { MAX_RAW_SCAN_CHARS } from '../../../../src/responses/letters/letter-limits.js';

describe('cleanText', () => {
  it('when a value has line breaks, tabs and runs of spaces, then it is one line with single spaces', () => {
    expect(cleanText('  a\r\n\tb  \u2028 c ', 100)).toBe('a b c');
  });

  it('when a value is longer than its limit, then it is cut at a character and ends in "…"', () => {
    expect(cleanText('abcdef', 4)).toBe('abc…');
    // A letter outside the BMP is one character, never half of one.
    expect(cleanText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(cleanText('abc', 3)).toBe('abc');
  });

  it('when a value is longer than what is scanned, then it is cut even if cleaning shortened it', () => {
    const value = `${'\u0000'.repeat(MAX_RAW_SCAN_CHARS)}tail`;
    expect(cleanText(value, 100)).toBe('…');
  });

  it('when Latvian letters come decomposed, then they are composed (DejaVu draws them whole)', () => {
    expect(cleanText('re\u0123istre\u0304ts', 100)).toBe('reģistrēts');
    expect(cleanText('g\u0327', 100)).toBe('ģ');
  });

  it('when a lone surrogate is in a value, then it becomes the replacement character', () => {
    expect(cleanText('a\ud800b\udc00c', 100)).toBe('a\ufffdb\ufffdc');
  });
});

describe('printable', () => {
  it('when a value is a string or a finite number, then it is printed; anything else is not', () => {
    expect(printable(' x ', 10)).toBe('x');
    expect(printable(42, 10)).toBe('42');
    for (const value of [null, undefined, true, {}, [], Number.NaN, '   ', () => 'x'])
      expect(printable(value, 10)).toBeNull();
  });
});
