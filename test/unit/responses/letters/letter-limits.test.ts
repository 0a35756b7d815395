import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_KINDS } from '../../../../src/cases/case-types.js';
import {
  letterText,
  MAX_LIST_ITEMS,
  MAX_VALUE_CHARS,
  renderLetter,
} from '../../../../src/responses/letters/index.js';
import { context, GRANTS, SAMPLES } from './support/letter-samples.js';
import { pdfTextReader } from './support/pdf-text.js';

/** Rendering and pdftotext take well under a second each; a loaded CI machine may take longer. */
const RENDER_TIMEOUT_MS = 30_000;

let reader: Awaited<ReturnType<typeof pdfTextReader>>;
beforeAll(async () => {
  reader = await pdfTextReader();
});
afterAll(() => reader.close());

const pages = async (pdf: Uint8Array): Promise<number> =>
  (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
const reasons = (count: number): string[] =>
  Array.from(
    { length: count },
    (_, i) => `reason ${i + 1}: the signature of file-${i + 1}.pdf is not qualified`,
  );
/** C0 and C1 control characters other than the line breaks between a text's lines. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('letters: long and hostile input', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('when 300 reasons are given, then the refusal runs over several pages and lists every one', async () => {
    const pdf = await renderLetter('refusal', 'lv', { reasons: reasons(300) }, context());
    const text = await reader.text(pdf);

    expect(await pages(pdf)).toBeGreaterThan(3);
    expect(text).toContain('reason 1: the signature of file-1.pdf is not qualified');
    expect(text).toContain('reason 300: the signature of file-300.pdf is not qualified');
    // The closing and the page numbers are on the last page.
    expect(text).toMatch(/Lappuse (\d+) no \1/);
    expect(text).toContain('elektroniski parakstīts ar elektronisko zīmogu');
  });

  it('when more than the list limit is given, then the rest are counted, not printed', async () => {
    const data = { reasons: reasons(MAX_LIST_ITEMS + 21) };
    const text = letterText('refusal', 'en', data, context());
    const lv = letterText('refusal', 'lv', data, context());

    expect(text).toContain(`reason ${MAX_LIST_ITEMS}:`);
    expect(text).not.toContain(`reason ${MAX_LIST_ITEMS + 1}:`);
    expect(text).toContain('- … and 21 more, not listed here');
    expect(lv).toContain('- … un vēl 21 ieraksts, kas šeit nav uzskaitīts');
  });

  it('when 600 people are granted access, then the table is cut at the limit and spans pages', async () => {
    const grants = Array.from({ length: 600 }, (_, i) => ({ ...GRANTS[0], email: `p${i}@x.lv` }));
    const pdf = await renderLetter(
      'access-granted',
      'en',
      { ...SAMPLES['access-granted'], grants },
      context(),
    );
    const text = await reader.text(pdf);

    expect(await pages(pdf)).toBeGreaterThan(5);
    expect(text).toContain('p0@x.lv');
    expect(text).toContain(`p${MAX_LIST_ITEMS - 1}@x.lv`);
    expect(text).not.toContain(`p${MAX_LIST_ITEMS}@x.lv`);
    expect(text).toContain('and 100 more');
  });

  it('when a value is a megabyte long, then it is cut to the value limit and still renders', async () => {
    const huge = 'ļ'.repeat(1024 * 1024);
    const data = { reasons: [huge, `word ${'x '.repeat(600_000)}`], webService: huge };
    const text = letterText('refusal', 'en', data, context());
    const lines = text.split('\n').filter((line) => line.startsWith('- '));

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(Array.from(line.slice(2)).length).toBeLessThanOrEqual(MAX_VALUE_CHARS);
      expect(line.endsWith('…')).toBe(true);
    }
    const pdf = await renderLetter('refusal', 'en', data, context());
    expect(await pages(pdf)).toBeLessThanOrEqual(3);
    const nonconformity = await renderLetter('nonconformity', 'lv', data, context());
    expect(await pages(nonconformity)).toBeLessThanOrEqual(2);
  });

  it('when a value holds markup, then it is printed literally', async () => {
    const script = '<script>alert(1)</script>';
    const data = { reasons: [script], files: ['"><img src=x onerror=alert(1)>.pdf'] };
    const text = await reader.text(await renderLetter('refusal', 'en', data, context()));

    expect(text).toContain(script);
    expect(text).toContain('"><img src=x onerror=alert(1)>.pdf');
    expect(letterText('refusal', 'en', data, context())).toContain(`- ${script}\n`);
  });

  it('when a value holds control characters, line breaks or bidi overrides, then they are removed', async () => {
    const reason = 'a\u0000b\u0007c\r\nd\u202ee\u001b[31m\u0085f';
    const subject = 'Pieteikums\r\nBcc: visi@example.lv';
    const ctx = context({ inReplyTo: { subject, receivedAt: null } });
    const text = letterText('refusal', 'en', { reasons: [reason] }, ctx);
    const pdfText = await reader.text(
      await renderLetter('refusal', 'en', { reasons: [reason] }, ctx),
    );

    expect(text).toContain('- abc de[31m f\n');
    expect(text).toContain('“Pieteikums Bcc: visi@example.lv”');
    expect(CONTROL.test(text)).toBe(false);
    expect(text).not.toContain('\u202e');
    expect(pdfText).toContain('abc de[31m f');
  });

  it('when a value has characters DejaVu Sans cannot draw, then they print as "?" and nothing breaks', async () => {
    const data = {
      webService: 'Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž ā č ē ģ ī ķ ļ ņ š ū ž 中文 नमस्ते',
      // pdftotext reorders a line with right-to-left text, so that one stands alone.
      problems: ['\ud800 lone surrogate', 'Привет 😀', 'مرحبا שלום', '\u0301\u0301\u0301'],
    };
    const pdf = await renderLetter('nonconformity', 'lv', data, context());
    const text = await reader.text(pdf);

    expect(text).toContain('Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž ā č ē ģ ī ķ ļ ņ š ū ž ?? ');
    expect(text).toContain('Привет');
    expect(letterText('nonconformity', 'lv', data, context())).toContain('中文');
  });

  it.each(ANSWER_KINDS)(
    'when a %s answer carries odd-shaped data, then the letter still renders',
    async (kind) => {
      const odd = {
        identifier: { nested: true },
        grants: [null, 5, 'x', { name: {}, email: ['a'] }],
        api: 'not an object',
        reasons: 'a single reason',
        missing: { 'access-rights': true },
        problems: [null, undefined, 42],
        installationPending: 'yes',
        subject: 12,
      };
      for (const data of [{}, odd]) {
        const pdf = await renderLetter(kind, 'lv', data, context());
        expect(await pages(pdf)).toBeGreaterThanOrEqual(1);
      }
      expect(letterText('refusal', 'en', odd, context())).toContain('- a single reason\n');
    },
  );

  it('when data comes with a __proto__ key, then nothing inherited is printed', () => {
    const data = JSON.parse('{"__proto__": {"identifier": "EP-FAKE"}}') as Record<string, unknown>;
    const text = letterText('reminder', 'en', data, context());

    expect(text).not.toContain('EP-FAKE');
  });
});
