import { describe, expect, it } from 'vitest';
import { analysePdf, PdfFormatError } from '../../../../src/signature/pades/analyse-pdf.js';
import { MAX_SIGNATURES } from '../../../../src/signature/pades/limits.js';
import type { PdfSignature } from '../../../../src/signature/pades/types.js';
import { createVerifyContext, verifyDocument } from '../../../../src/signature/index.js';
import { TrustStore } from '../../../../src/signature/trust/trust-store.js';
import { PdfBuilder, baseObjects, signatureDict, signedBase, stream } from './build-pdf.js';

/**
 * Our own variants of the PDF attack classes (the published attack files themselves run in
 * test/integration/signature/corpus-conformance.test.ts): each must end in a named verdict or
 * check, and through verifyDocument in a refusal with a reason, never an exception.
 */
const ctx = createVerifyContext({
  trust: new TrustStore([]),
  offline: true,
  at: new Date('2026-01-02T03:04:05Z'),
});

const only = (pdf: Uint8Array): PdfSignature => {
  const { signatures } = analysePdf(pdf);
  expect(signatures).toHaveLength(1);
  return signatures[0] as PdfSignature;
};
const failedCoverage = (signature: PdfSignature): string[] =>
  signature.coverage.filter((c) => c.status === 'failed').map((c) => c.detail);

describe('bad PDF: shadow attacks (hide, replace, hide-and-replace)', () => {
  it('shadow hide: when an overlay present at signing is removed by an update, then the page change is disallowed', () => {
    const objects = baseObjects();
    objects[3] =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 7 0 R 9 0 R] >>';
    objects[9] = '<< /Type /Annot /Subtype /Square /Rect [0 0 200 200] /IC [1 1 1] >>';
    const pdf = new PdfBuilder()
      .revision(objects)
      .sign()
      .revision({
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 7 0 R] >>',
      })
      .bytes();
    const signature = only(pdf);
    expect(signature.coverageVerdict).toBe('disallowed-changes');
    expect(signature.modificationsAfter.find((c) => c.objectNumber === 3)).toMatchObject({
      kind: 'page',
      verdict: 'disallowed',
    });
  });

  it('shadow replace: when an update points the page at another content stream, then it is disallowed', () => {
    const pdf = signedBase()
      .revision({
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 9 0 R /Resources << >> /Annots [5 0 R 7 0 R] >>',
        9: stream('', 'BT /F1 12 Tf 10 10 Td (Pay 900 EUR) Tj ET'),
      })
      .bytes();
    expect(only(pdf).coverageVerdict).toBe('disallowed-changes');
  });

  it('shadow replace: when an update rewrites the signed content stream itself, then it is disallowed', () => {
    const pdf = signedBase()
      .revision({ 4: stream('', 'BT /F1 12 Tf 10 10 Td (Pay 900 EUR) Tj ET') })
      .bytes();
    const signature = only(pdf);
    expect(signature.coverageVerdict).toBe('disallowed-changes');
    expect(signature.modificationsAfter.find((c) => c.objectNumber === 4)?.verdict).toBe(
      'disallowed',
    );
  });
});

describe('bad PDF: incremental saves that change a form value', () => {
  it('when a value is changed but the old appearance is kept (what is shown is not what is stored), then the change is not a clean form fill', async () => {
    const pdf = signedBase()
      .revision({
        7: '<< /FT /Tx /T (Name) /V (Mallory) /Type /Annot /Subtype /Widget /Rect [10 50 100 70] /P 3 0 R /AP << /N 8 0 R >> >>',
      })
      .bytes();
    const signature = only(pdf);
    expect(signature.modificationsAfter.map((c) => c.objectNumber)).toContain(7);
    expect(signature.coverageVerdict).not.toBe('whole-document');
    expect(signature.coverageVerdict).not.toBe('permitted-changes-only');
    const report = await verifyDocument('changed.pdf', pdf, ctx);
    expect(report.accepted).toBe(false);
  });

  it('when the hidden form type is changed after signing, then the change is listed', () => {
    const objects = baseObjects();
    objects[1] = (objects[1] as string).replace('[5 0 R 7 0 R]', '[5 0 R 7 0 R 9 0 R]');
    objects[9] = '<< /FT /Tx /T (formType) /V (eservice-registration) /Ff 1 >>';
    const pdf = new PdfBuilder()
      .revision(objects)
      .sign()
      .revision({ 9: '<< /FT /Tx /T (formType) /V (access-rights) /Ff 1 >>' })
      .bytes();
    const signature = only(pdf);
    expect(signature.modificationsAfter.map((c) => c.objectNumber)).toEqual([9]);
    expect(signature.coverageVerdict).not.toBe('permitted-changes-only');
  });
});

describe('bad PDF: ByteRange gaps and overlaps', () => {
  /** Rewrites the signed ByteRange text in place (same length), as a forger's editor would. */
  const withByteRange = (text: (range: number[]) => string): Uint8Array => {
    const pdf = Buffer.from(signedBase().bytes()).toString('latin1');
    const match = /\/ByteRange (\[[^\]]*\])/.exec(pdf);
    if (!match?.[1]) throw new Error('test setup: no ByteRange');
    const range = match[1].slice(1, -1).trim().split(/\s+/).map(Number);
    const written = text(range);
    if (written.length > match[1].length) throw new Error('test setup: ByteRange too long');
    const at = match.index + '/ByteRange '.length;
    const edited =
      pdf.slice(0, at) + written.padEnd(match[1].length, ' ') + pdf.slice(at + match[1].length);
    return new Uint8Array(Buffer.from(edited, 'latin1'));
  };

  it.each([
    [
      'a second gap (six numbers)',
      ([s, a, b, c]: number[]) => `[${s} ${a} ${b} ${c} 0 0]`,
      '/ByteRange has 6 numbers instead of 4',
    ],
    ['a negative length', ([s, a, b]: number[]) => `[${s} ${a} ${b} -5]`, 'non-negative integers'],
    [
      'a fractional offset',
      ([s, a, b, c]: number[]) => `[${s} ${a}.5 ${b} ${c}]`,
      'non-negative integers',
    ],
    [
      'a range past the end of the file',
      ([s, a, b, c = 0]: number[]) => `[${s} ${a} ${b} ${c + 10}]`,
      'beyond the end of the file',
    ],
    [
      'a start after byte 0',
      ([, a, b, c]: number[]) => `[1 ${a} ${b} ${c}]`,
      'does not start at byte 0',
    ],
    [
      'overlapping ranges',
      ([s, a = 0, b, c]: number[]) => `[${s} ${a + 100} ${b} ${c}]`,
      'overlap or leave no gap',
    ],
  ] as const)(
    'when the ByteRange has %s, then it is not well-formed and says why',
    (_name, text, reason) => {
      const signature = only(withByteRange(text));
      expect(signature.coverageVerdict).toBe('broken');
      expect(failedCoverage(signature).join(' ')).toContain(reason);
    },
  );

  it('when the gap is shifted off /Contents (signed bytes include part of the hex string), then the gap check names both places', () => {
    const pdf = new PdfBuilder()
      .revision(baseObjects())
      .sign(([s, a, b, c]) => [s, a + 2, b, c])
      .bytes();
    expect(failedCoverage(only(pdf)).join(' ')).toMatch(/is not this dictionary's \/Contents/);
  });
});

describe('bad PDF: /Prev loops, huge object streams, many signatures', () => {
  it('when two xref sections point at each other by /Prev, then a prev-loop problem is reported, not a hang', () => {
    // The middle update's /Prev names the last update's section, whose /Prev names the middle.
    const build = (prev: number) =>
      new PdfBuilder().revision(baseObjects()).revision({}, { prev }).revision({});
    const lastXref = (builder: PdfBuilder) =>
      Number(
        /startxref\n(\d+)\n%%EOF\n$/.exec(Buffer.from(builder.bytes()).toString('latin1'))?.[1],
      );
    let prev = 1000;
    for (let i = 0; i < 3; i += 1) prev = lastXref(build(prev));
    expect(lastXref(build(prev))).toBe(prev);
    const analysis = analysePdf(build(prev).bytes());
    expect(analysis.problems.map((p) => p.name)).toContain('pdf.xref.prev-loop');
  });

  it(`when a PDF holds 5 000 signatures (limit ${MAX_SIGNATURES}), then it is refused with the limit named, quickly`, async () => {
    const objects: Record<number, string> = baseObjects();
    for (let i = 0; i < 5_000; i += 1) objects[100 + i] = signatureDict();
    const pdf = new PdfBuilder().revision(objects).bytes();
    const started = performance.now();
    expect(() => analysePdf(pdf)).toThrow(PdfFormatError);
    expect(() => analysePdf(pdf)).toThrow(`more than ${MAX_SIGNATURES} signatures in the file`);
    const report = await verifyDocument('many.pdf', pdf, ctx);
    expect(report.accepted).toBe(false);
    expect(report.reasons).toContain(
      `the PDF cannot be read: more than ${MAX_SIGNATURES} signatures in the file`,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('when an object stream declares more objects than it holds, then the reader reports it and does not crash', async () => {
    const { 4: content, 6: sig, 8: appearance, ...rest } = baseObjects();
    const pdf = new PdfBuilder()
      .streamRevision(
        { 4: content as string, 6: sig as string, 8: appearance as string },
        rest,
        9,
        10,
      )
      .sign()
      .bytes();
    const text = Buffer.from(pdf)
      .toString('latin1')
      .replace(/\/N (\d+)/, '/N 90000');
    const report = await verifyDocument(
      'objstm.pdf',
      new Uint8Array(Buffer.from(text, 'latin1')),
      ctx,
    );
    expect(report.accepted).toBe(false);
    expect(report.reasons.join(' ')).toMatch(/\S/);
  });
});
