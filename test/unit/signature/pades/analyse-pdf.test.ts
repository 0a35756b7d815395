import { describe, expect, it } from 'vitest';
import { analysePdf } from '../../../../src/signature/pades/analyse-pdf.js';
import type { PdfAnalysis, PdfSignature } from '../../../../src/signature/pades/types.js';
import {
  FAKE_DER,
  PdfBuilder,
  baseObjects,
  signatureDict,
  signedBase,
  stream,
} from './build-pdf.js';

const only = (analysis: PdfAnalysis): PdfSignature => {
  expect(analysis.signatures).toHaveLength(1);
  return analysis.signatures[0] as PdfSignature;
};
const status = (signature: PdfSignature, name: string) =>
  signature.coverage.find((c) => c.name === name)?.status;

describe('analysePdf: signature extraction and ByteRange coverage', () => {
  it('when a document is signed as a whole, then the signature covers the whole document', () => {
    const pdf = signedBase().bytes();
    const analysis = analysePdf(pdf);
    const signature = only(analysis);
    expect(signature.coverageVerdict).toBe('whole-document');
    expect(signature.fieldName).toBe('Sig1');
    expect(signature.kind).toBe('signature');
    expect(signature.subFilter).toBe('ETSI.CAdES.detached');
    expect(signature.reason).toBe('Approval');
    expect(signature.claimedSigningTime?.toISOString()).toBe('2024-01-02T02:04:05.000Z');
    expect(Buffer.from(signature.contents).toString('hex')).toBe(FAKE_DER);
    expect(signature.ranges).toEqual([
      [0, signature.byteRange[1]],
      [signature.byteRange[2], pdf.length],
    ]);
    expect(signature.coverage.every((c) => c.status === 'passed')).toBe(true);
    expect(analysis.revisions).toEqual([{ index: 0, end: pdf.length, xrefKind: 'table' }]);
    expect(analysis.problems).toEqual([]);
  });

  it('when the ByteRange has only two numbers (pyHanko one-byterange), then it is not well-formed', () => {
    const signature = only(
      analysePdf(
        new PdfBuilder()
          .revision(baseObjects())
          .sign(([, a]) => [0, a])
          .bytes(),
      ),
    );
    expect(status(signature, 'pdf.byterange.well-formed')).toBe('failed');
    expect(signature.coverageVerdict).toBe('broken');
    expect(signature.ranges).toEqual([]);
  });

  it('when the gap is bigger than /Contents (signature-gap-too-big), then the gap check fails', () => {
    const pdf = new PdfBuilder().revision(baseObjects()).sign(([, a, b, c]) => [0, a - 10, b, c]);
    const signature = only(analysePdf(pdf.bytes()));
    expect(status(signature, 'pdf.byterange.gap-is-contents')).toBe('failed');
    expect(signature.coverageVerdict).toBe('broken');
  });

  it('when the ranges overlap (DSS pdf-byterange-overlap), then the ByteRange is not well-formed', () => {
    const pdf = new PdfBuilder().revision(baseObjects()).sign(([, a, b]) => [0, b, a, 20]);
    expect(status(only(analysePdf(pdf.bytes())), 'pdf.byterange.well-formed')).toBe('failed');
  });

  it('when the signed bytes stop short of a revision end (weird-byterange), then it covers no revision', () => {
    const pdf = new PdfBuilder().revision(baseObjects()).sign(([, a, b, c]) => [0, a, b, c - 7]);
    const signature = only(analysePdf(pdf.bytes()));
    expect(status(signature, 'pdf.byterange.covers-revision')).toBe('failed');
    expect(signature.revisionIndex).toBe(-1);
    expect(signature.coverageVerdict).toBe('broken');
  });

  it('when a signature dictionary is in the file but no field uses it, then it is reported as orphaned', () => {
    const pdf = signedBase().revision({ 9: signatureDict() }).sign().bytes();
    const analysis = analysePdf(pdf);
    const orphan = analysis.signatures.find((s) => !s.reachable);
    expect(orphan?.objectNumber).toBe(9);
    expect(orphan?.coverageVerdict).toBe('broken');
    expect(analysis.problems.map((p) => p.name)).toContain('pdf.signature.orphaned');
  });

  it('when the document is certified, then DocMDP permission and the certifying signature are given', () => {
    const objects = baseObjects('/Perms << /DocMDP 6 0 R >>');
    objects[6] = signatureDict(
      '/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >>]',
    );
    const analysis = analysePdf(new PdfBuilder().revision(objects).sign().bytes());
    expect(analysis.docMdp).toEqual({ permission: 1, signatureIndex: 0 });
  });

  it('when objects live in an object stream behind an xref stream, then the signature is still found', () => {
    const objects = baseObjects();
    const { 6: sig, ...rest } = objects;
    const compressed = Object.fromEntries(
      Object.entries(rest).filter(([num]) => !['4', '8'].includes(num)),
    );
    const pdf = new PdfBuilder()
      .streamRevision(
        { 4: rest[4] as string, 6: sig as string, 8: rest[8] as string },
        compressed,
        9,
        10,
      )
      .sign()
      .bytes();
    const analysis = analysePdf(pdf);
    expect(analysis.revisions[0]?.xrefKind).toBe('stream');
    expect(only(analysis).coverageVerdict).toBe('whole-document');
    expect(analysis.problems).toEqual([]);
  });
});

describe('analysePdf: incremental updates after signing', () => {
  it('when a DSS is added (LTV), then only permitted changes follow and the DSS is read', () => {
    const pdf = signedBase()
      .revision({
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R] /SigFlags 3 >> /DSS 9 0 R >>',
        9: '<< /Certs [10 0 R] /VRI << /ABCDEF << /Cert [10 0 R] >> >> >>',
        10: stream('', 'CERT'),
      })
      .bytes();
    const analysis = analysePdf(pdf);
    const signature = only(analysis);
    expect(signature.revisionIndex).toBe(0);
    expect(status(signature, 'pdf.byterange.covers-file')).toBe('warning');
    expect(signature.coverageVerdict).toBe('permitted-changes-only');
    expect(
      signature.modificationsAfter.map((c) => [c.objectNumber, c.change, c.kind, c.verdict]),
    ).toEqual([
      [1, 'modified', 'catalog', 'allowed'],
      [9, 'added', 'dss', 'allowed'],
      [10, 'added', 'dss-stream', 'allowed'],
    ]);
    expect(analysis.dss?.certificates.map((c) => Buffer.from(c).toString())).toEqual(['CERT']);
    expect(analysis.dss?.vriKeys).toEqual(['ABCDEF']);
  });

  it('when a text field is filled and its own appearance regenerated, then the verdict is form fill', () => {
    const pdf = signedBase()
      .revision({
        7: '<< /FT /Tx /T (Name) /V (Bob) /Type /Annot /Subtype /Widget /Rect [10 50 100 70] /P 3 0 R /AP << /N 9 0 R >> >>',
        9: stream('/Type /XObject /Subtype /Form /BBox [0 0 90 20]', '(Bob) Tj'),
      })
      .bytes();
    const signature = only(analysePdf(pdf));
    expect(signature.coverageVerdict).toBe('form-fill-changes');
    expect(signature.modificationsAfter.every((c) => c.verdict === 'form-fill')).toBe(true);
  });

  it("when a widget's appearance is rebound to the page content stream, then it is disallowed", () => {
    const pdf = signedBase()
      .revision({
        7: '<< /FT /Tx /T (Name) /V (Bob) /Type /Annot /Subtype /Widget /Rect [10 50 100 70] /P 3 0 R /AP << /N 4 0 R >> >>',
      })
      .bytes();
    expect(only(analysePdf(pdf)).coverageVerdict).toBe('disallowed-changes');
  });

  it('when an appearance stream also used by the page is rewritten (sneaky form fill), then it is disallowed', () => {
    const objects = baseObjects('/FooBar 8 0 R');
    const pdf = new PdfBuilder()
      .revision(objects)
      .sign()
      .revision({ 8: stream('/Type /XObject /Subtype /Form /BBox [0 0 90 20]', '(Mallory) Tj') })
      .bytes();
    const signature = only(analysePdf(pdf));
    expect(signature.coverageVerdict).toBe('disallowed-changes');
    expect(signature.modificationsAfter[0]?.detail).toContain('also used by');
  });

  it('when a page is added after signing, then the change is disallowed', () => {
    const pdf = signedBase()
      .revision({
        2: '<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>',
        9: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
      })
      .bytes();
    const signature = only(analysePdf(pdf));
    expect(signature.coverageVerdict).toBe('disallowed-changes');
    expect(signature.modificationsAfter.find((c) => c.objectNumber === 9)?.kind).toBe('page');
  });

  it('when an annotation overlays the signed page, then the change is disallowed', () => {
    const pdf = signedBase()
      .revision({
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 7 0 R 9 0 R] >>',
        9: '<< /Type /Annot /Subtype /FreeText /Rect [0 0 200 200] /Contents (Pay 900 EUR) >>',
      })
      .bytes();
    const changes = only(analysePdf(pdf)).modificationsAfter;
    expect(changes.find((c) => c.objectNumber === 9)).toMatchObject({
      kind: 'annotation',
      verdict: 'disallowed',
    });
    expect(changes.find((c) => c.objectNumber === 3)).toMatchObject({
      kind: 'page',
      verdict: 'disallowed',
    });
  });

  it('when a second signature is added in a new field, then the first sees only permitted changes', () => {
    const pdf = signedBase()
      .revision({
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R 9 0 R] /SigFlags 3 >> >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 7 0 R 9 0 R] >>',
        9: '<< /FT /Sig /T (Sig2) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
        10: signatureDict(),
      })
      .sign()
      .bytes();
    const [first, second] = analysePdf(pdf).signatures;
    expect(first?.coverageVerdict).toBe('permitted-changes-only');
    expect(second?.coverageVerdict).toBe('whole-document');
    expect(second?.fieldName).toBe('Sig2');
  });

  it('when an xref entry is redirected to a body hidden in the signed bytes (hide-and-replace), then it is disallowed', () => {
    const builder = new PdfBuilder();
    const hidden = builder.raw(`4 0 obj\n${stream('', 'BT (Pay 900 EUR) Tj ET')}\nendobj\n`);
    const pdf = builder
      .revision(baseObjects())
      .sign()
      .revision({}, { redirects: { 4: hidden } })
      .bytes();
    const analysis = analysePdf(pdf);
    const change = only(analysis).modificationsAfter.find((c) => c.objectNumber === 4);
    expect(change).toMatchObject({ change: 'xref-redirected', verdict: 'disallowed' });
    expect(analysis.problems.map((p) => p.name)).toContain('pdf.structure.duplicate-object');
  });

  it('when an object is rewritten unchanged in an update, then that is no change', () => {
    const pdf = signedBase().revision({ 2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' }).bytes();
    const signature = only(analysePdf(pdf));
    expect(signature.modificationsAfter).toEqual([]);
    expect(signature.coverageVerdict).toBe('permitted-changes-only');
  });
});
