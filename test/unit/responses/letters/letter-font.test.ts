import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { dejaVuSansBytes } from '../../../../src/forms/pdf/dejavu-font.js';
import { LetterFont } from '../../../../src/responses/letters/letter-font.js';

let font: LetterFont;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  font = new LetterFont(await doc.embedFont(await dejaVuSansBytes(), { subset: true }));
});

const SIZE = 10;

describe('LetterFont', () => {
  it('when text is wrapped, then no line is wider than the width and no word is lost', () => {
    const text = 'Jūsu e-pakalpojums ir reģistrēts Valsts informācijas sistēmu savietotājā (VISS)';
    const lines = font.wrap(text, SIZE, 120);

    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(font.width(line, SIZE)).toBeLessThanOrEqual(120);
    expect(lines.join(' ')).toBe(text);
  });

  it('when a word is wider than the line, then it breaks after a dot, slash or @ where it can', () => {
    const lines = font.wrap('janis.berzins@iestade.gov.lv', SIZE, 100);

    expect(lines.join('')).toBe('janis.berzins@iestade.gov.lv');
    expect(lines.slice(0, -1).every((line) => /[.@]$/.test(line))).toBe(true);
  });

  it('when a word has nowhere to break, then it breaks between characters', () => {
    const word = 'ž'.repeat(500);
    const lines = font.wrap(word, SIZE, 100);

    expect(lines.join('')).toBe(word);
    for (const line of lines) expect(font.width(line, SIZE)).toBeLessThanOrEqual(100);
  });

  it('when the column is narrower than a character, then each character gets its own line', () => {
    expect(font.wrap('abc', SIZE, 1)).toEqual(['a', 'b', 'c']);
  });

  it('when text is empty or spaces, then there is one empty line', () => {
    expect(font.wrap('', SIZE, 100)).toEqual(['']);
    expect(font.wrap('   ', SIZE, 100)).toEqual(['']);
  });

  it('when a long value is wrapped, then it takes linear time', () => {
    const text = `${'vārds '.repeat(20_000)}${'x'.repeat(100_000)}`;
    const started = performance.now();
    const lines = font.wrap(text, SIZE, 495);

    expect(lines.length).toBeGreaterThan(100);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('when a character has no glyph in DejaVu Sans, then it is drawn as "?"', () => {
    expect(font.drawable('ā 中 ž 😀 \u0915')).toBe('ā ? ž 😀 ?');
  });
});
