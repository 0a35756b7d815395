import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analysePdf } from '../../../../src/signature/pades/analyse-pdf.js';
import { DecodeBudget, decodeStream } from '../../../../src/signature/pades/decode-stream.js';
import {
  MAX_DECODED_STREAM_BYTES,
  MAX_NESTING_DEPTH,
  MAX_OBJECTS,
  MAX_OBJECTS_PER_OBJECT_STREAM,
  MAX_XREF_SECTIONS,
} from '../../../../src/signature/pades/limits.js';
import { readObjectStream } from '../../../../src/signature/pades/object-stream.js';
import { parseIndirectObject } from '../../../../src/signature/pades/parse-indirect-object.js';
import { parseValue } from '../../../../src/signature/pades/parse-value.js';
import { PdfFormatError } from '../../../../src/signature/pades/pdf-format-error.js';
import { PdfBuilder, baseObjects } from './build-pdf.js';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('limits: hostile input fails cleanly', () => {
  it('when /Prev points back to the same xref section, then a prev-loop problem is reported, not a hang', () => {
    const builder = new PdfBuilder().revision(baseObjects());
    const loopTarget = builder.length;
    const pdf = builder.revision({}, { prev: loopTarget }).bytes();
    const analysis = analysePdf(pdf);
    expect(analysis.problems.map((p) => p.name)).toContain('pdf.xref.prev-loop');
  });

  it(`when arrays nest deeper than ${MAX_NESTING_DEPTH}, then parsing throws PdfFormatError without overflowing the stack`, () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseValue(bytes(deep), 0)).toThrow(PdfFormatError);
    expect(() => parseValue(bytes(deep), 0)).toThrow(/nested deeper/);
  });

  it('when the catalog itself nests too deep, then analysis reports a broken object rather than crashing', () => {
    const objects = baseObjects();
    objects[1] = `<< /Type /Catalog /Pages 2 0 R /X ${'['.repeat(500)}${']'.repeat(500)} >>`;
    const analysis = analysePdf(new PdfBuilder().revision(objects).sign().bytes());
    expect(analysis.problems.map((p) => p.name)).toContain('pdf.xref.broken');
  });

  it(`when a stream inflates beyond ${MAX_DECODED_STREAM_BYTES} bytes (zip bomb), then decoding throws PdfFormatError`, () => {
    const bomb = deflateSync(new Uint8Array(MAX_DECODED_STREAM_BYTES + 1024));
    const dict = parseValue(bytes('<< /Filter /FlateDecode >>'), 0).value;
    if (dict.kind !== 'dict') throw new Error('test setup');
    expect(() => decodeStream({ kind: 'stream', dict, data: bomb }, new DecodeBudget())).toThrow(
      PdfFormatError,
    );
  });

  it(`when an object stream claims more than ${MAX_OBJECTS_PER_OBJECT_STREAM} objects, then it is rejected`, () => {
    const text = `5 0 obj\n<< /Type /ObjStm /N ${MAX_OBJECTS_PER_OBJECT_STREAM + 1} /First 0 /Length 0 >>\nstream\n\nendstream\nendobj\n`;
    const object = parseIndirectObject(bytes(text), 0, () => undefined);
    expect(() => readObjectStream(object, new DecodeBudget())).toThrow(/object stream \/N/);
  });

  it(`when an xref table names objects beyond ${MAX_OBJECTS}, then the file is rejected as a format error`, () => {
    const text = `%PDF-1.7\nxref\n${MAX_OBJECTS} 2\n0000000000 00000 n \n0000000000 00000 n \ntrailer\n<< /Size 3 >>\nstartxref\n9\n%%EOF\n`;
    expect(() => analysePdf(bytes(text))).toThrow(PdfFormatError);
  });

  it(`when the /Prev chain is longer than ${MAX_XREF_SECTIONS} sections, then the file is rejected`, () => {
    const builder = new PdfBuilder().revision(baseObjects());
    for (let i = 0; i < MAX_XREF_SECTIONS; i += 1) builder.revision({});
    expect(() => analysePdf(builder.bytes())).toThrow(/xref sections/);
  });

  it('when there is no startxref, then the file is rejected as a format error', () => {
    expect(() => analysePdf(bytes('%PDF-1.7\n1 0 obj\n<< >>\nendobj\n'))).toThrow(PdfFormatError);
  });

  it('when a literal string never ends, then parsing throws instead of reading past the end', () => {
    expect(() => parseValue(bytes('(abc'), 0)).toThrow(/unterminated literal string/);
  });

  it('when a stream has no endstream, then parsing throws PdfFormatError', () => {
    expect(() =>
      parseIndirectObject(bytes('1 0 obj\n<< /Length 999 >>\nstream\nabc'), 0, () => undefined),
    ).toThrow(/endstream/);
  });
});
