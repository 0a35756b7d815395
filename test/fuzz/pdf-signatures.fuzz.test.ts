import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePdf, PdfFormatError } from '../../src/signature/pades/analyse-pdf.js';
import { createVerifyContext, verifyDocument } from '../../src/signature/index.js';
import { TrustStore } from '../../src/signature/trust/trust-store.js';
import {
  PdfBuilder,
  baseObjects,
  signatureDict,
  signedBase,
} from '../unit/signature/pades/build-pdf.js';
import {
  expectOnly,
  FUZZ_RUNS,
  FUZZ_SEED,
  fuzzParameters,
  fuzzTimeout,
  garbage,
  mutated,
} from './fuzz-settings.js';

/** Small signed PDFs of every shape the reader knows: classic xref, xref stream, incremental update. */
const streamed = (): Uint8Array => {
  const { 4: content, 6: sig, 8: appearance, ...rest } = baseObjects();
  return new PdfBuilder()
    .streamRevision(
      { 4: content as string, 6: sig as string, 8: appearance as string },
      rest,
      9,
      10,
    )
    .sign()
    .bytes();
};

const secondSignature = (): Uint8Array => {
  const builder = signedBase();
  const objects = baseObjects();
  return builder
    .revision({
      1: (objects[1] as string).replace('[5 0 R 7 0 R]', '[5 0 R 7 0 R 9 0 R]'),
      9: '<< /FT /Sig /T (Sig2) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
      10: signatureDict(),
    })
    .sign()
    .bytes();
};

const filledAfterSigning = (): Uint8Array =>
  signedBase()
    .revision({ 7: (baseObjects()[7] as string).replace('(Alice)', '(Mallory)') })
    .bytes();

const VALID = [signedBase().bytes(), streamed(), secondSignature(), filledAfterSigning()];

const PDF_TOKENS = [
  '%PDF-1.7\n',
  '1 0 obj\n',
  'endobj\n',
  '<<',
  '>>',
  '[',
  ']',
  '/ByteRange [0 10 20 30]',
  '/Contents <3003020101>',
  '/Type /Sig',
  '/FT /Sig /V 2 0 R',
  '/Prev 0',
  '/Type /XRef /W [1 2 1]',
  '/Type /ObjStm /N 1 /First 0',
  'stream\n',
  '\nendstream',
  'xref\n0 1\n0000000000 65535 f \n',
  'trailer\n<< /Root 1 0 R /Size 3 >>\n',
  'startxref\n9\n%%EOF\n',
  '(',
  ')',
  '3 0 R',
];

/** A PDF value built from the grammar's pieces, nesting a few levels (arbitrary, not valid). */
const { value: pdfValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'null',
      'true',
      '0',
      '-1',
      '1.5',
      '999999999999',
      '/Name',
      '()',
      '<>',
      '<0>',
      '(\\)',
      '5 0 R',
      '0 0 R',
      '-3 0 R',
    ),
    fc.string({ maxLength: 10 }).map((t) => `(${t.replace(/[()\\]/g, '')})`),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(' ')}]`),
    fc
      .array(
        fc.tuple(
          fc.constantFrom(
            '/Type',
            '/FT',
            '/V',
            '/T',
            '/Kids',
            '/ByteRange',
            '/Contents',
            '/Fields',
            '/AcroForm',
            '/Filter',
            '/N',
            '/First',
            '/Length',
            '/Prev',
            '/SubFilter',
            '/Perms',
            '/DSS',
          ),
          tie('value'),
        ),
        { maxLength: 5 },
      )
      .map((pairs) => `<< ${pairs.map(([k, v]) => `${k} ${v}`).join(' ')} >>`),
  ),
}));

/** Signed documents whose objects are replaced by arbitrary values, in one or two revisions. */
const forged = fc
  .tuple(
    fc.dictionary(fc.constantFrom('1', '2', '3', '5', '6', '7', '9', '10'), pdfValue, {
      maxKeys: 4,
    }),
    fc.dictionary(fc.constantFrom('1', '3', '4', '6', '7', '9', '11'), pdfValue, { maxKeys: 3 }),
    fc.boolean(),
  )
  .map(([first, second, signAgain]) => {
    const builder = new PdfBuilder().revision({ ...baseObjects(), ...first });
    if (builder.indexOf('/ByteRange [0 0000000000') !== -1) builder.sign();
    builder.revision(signAgain ? { ...second, 12: signatureDict() } : second);
    if (signAgain) builder.sign();
    return builder.bytes();
  });

const analyseOnly = (bytes: Uint8Array): void => {
  try {
    const analysis = analysePdf(bytes);
    for (const check of [...analysis.problems, ...analysis.signatures.flatMap((s) => s.coverage)])
      expect(check.detail).toMatch(/\S/);
  } catch (error) {
    expectOnly(error, [PdfFormatError]);
    expect((error as Error).message).toMatch(/\S/);
  }
};

describe(`fuzz: PDF signature reader (seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs)`, () => {
  it(
    'when the bytes are arbitrary PDF-like text, then analysis is a report or PdfFormatError',
    () => {
      fc.assert(fc.property(garbage(PDF_TOKENS), analyseOnly), fuzzParameters());
    },
    fuzzTimeout(10),
  );

  it(
    'when a signed PDF is mutated, then analysis is a report or PdfFormatError',
    () => {
      fc.assert(fc.property(mutated(VALID), analyseOnly), fuzzParameters());
    },
    fuzzTimeout(10),
  );

  it(
    'when signed PDFs are forged object by object, then analysis is a report or PdfFormatError',
    () => {
      fc.assert(fc.property(forged, analyseOnly), fuzzParameters());
    },
    fuzzTimeout(10),
  );

  it(
    'when a mutated signed PDF is verified, then the report names a reason and nothing throws',
    async () => {
      const ctx = createVerifyContext({
        trust: new TrustStore([]),
        offline: true,
        at: new Date('2026-01-02T03:04:05Z'),
      });
      await fc.assert(
        fc.asyncProperty(mutated(VALID), async (bytes) => {
          const report = await verifyDocument('fuzz.pdf', bytes, ctx);
          expect(report.accepted).toBe(false);
          expect(report.reasons.length).toBeGreaterThan(0);
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeout(30),
  );
});
