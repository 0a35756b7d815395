/**
 * Test helper: assembles small PDFs in memory with correct xref offsets, signature placeholders
 * and incremental updates, so the PAdES tests need no corpus files. ASCII only (latin1 strings).
 */
import { deflateSync } from 'node:zlib';

const encoder = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** A fake CMS: a DER SEQUENCE holding one INTEGER; the analysis only reads its DER length. */
export const FAKE_DER = '3003020101';
/** Placeholder size of /Contents in hex digits; signed later by `sign()`. */
const CONTENTS_HEX = 64;
const RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** A signature dictionary with placeholders that `sign()` fills in. */
export const signatureDict = (extra = ''): string =>
  `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${RANGE_PLACEHOLDER} /Contents <${'0'.repeat(CONTENTS_HEX)}> /M (D:20240102030405+01'00') /Reason (Approval) ${extra}>>`;

export const stream = (dict: string, data: string): string =>
  `<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`;

export interface RevisionOptions {
  /** Extra trailer entries (e.g. `/Prev 0` to break the chain on purpose). */
  readonly trailer?: string;
  readonly root?: number;
  /** Xref entries that point at an offset without writing a body (hide-and-replace). */
  readonly redirects?: Record<number, number>;
  /** Write `/Prev` as given instead of the real previous xref offset. */
  readonly prev?: number;
}

export class PdfBuilder {
  private text = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  private lastXref: number | undefined;
  private size = 1;

  /** Appends raw text (e.g. an unused object hidden in the signed bytes); returns its offset. */
  raw(text: string): number {
    const offset = this.text.length;
    this.text += text;
    return offset;
  }

  /** Appends objects and a classic xref table with its trailer; one revision. */
  revision(objects: Record<number, string>, options: RevisionOptions = {}): this {
    const offsets = new Map<number, number>();
    for (const [num, body] of Object.entries(objects)) {
      offsets.set(Number(num), this.text.length);
      this.text += `${num} 0 obj\n${body}\nendobj\n`;
    }
    for (const [num, offset] of Object.entries(options.redirects ?? {})) {
      offsets.set(Number(num), offset);
    }
    const xref = this.text.length;
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    this.size = Math.max(this.size, ...nums.map((n) => n + 1));
    let table = 'xref\n';
    if (this.lastXref === undefined) table += '0 1\n0000000000 65535 f \n';
    for (const num of nums) {
      table += `${num} 1\n${String(offsets.get(num)).padStart(10, '0')} 00000 n \n`;
    }
    const prev = options.prev ?? this.lastXref;
    table += `trailer\n<< /Size ${this.size} /Root ${options.root ?? 1} 0 R${prev === undefined ? '' : ` /Prev ${prev}`} ${options.trailer ?? ''}>>\nstartxref\n${xref}\n%%EOF\n`;
    this.text += table;
    this.lastXref = xref;
    return this;
  }

  /** Appends an xref stream revision (FlateDecode, PNG Up predictor) with an object stream. */
  streamRevision(
    plain: Record<number, string>,
    compressed: Record<number, string>,
    objStmNum: number,
    xrefNum: number,
  ): this {
    const offsets = new Map<number, number>();
    const nums = Object.keys(compressed).map(Number);
    let header = '';
    let body = '';
    for (const num of nums) {
      header += `${num} ${body.length} `;
      body += `${compressed[num]}\n`;
    }
    const objStmData = header + body;
    const deflated = Buffer.from(deflateSync(Buffer.from(objStmData, 'latin1'))).toString('latin1');
    offsets.set(objStmNum, this.text.length);
    this.text += `${objStmNum} 0 obj\n<< /Type /ObjStm /N ${nums.length} /First ${header.length} /Filter /FlateDecode /Length ${deflated.length} >>\nstream\n${deflated}\nendstream\nendobj\n`;
    for (const [num, text] of Object.entries(plain)) {
      offsets.set(Number(num), this.text.length);
      this.text += `${num} 0 obj\n${text}\nendobj\n`;
    }
    const xrefOffset = this.text.length;
    offsets.set(xrefNum, xrefOffset);
    const all = [...offsets.keys(), ...nums];
    const size = Math.max(this.size, ...all.map((n) => n + 1));
    this.size = size;
    // Rows: type(1) field2(2) field3(1), PNG "Up" predictor (filter byte 2) per row.
    const rows: number[][] = [];
    for (let num = 0; num < size; num += 1) {
      const offset = offsets.get(num);
      const index = nums.indexOf(num);
      if (offset !== undefined) rows.push([1, offset >> 8, offset & 0xff, 0]);
      else if (index >= 0) rows.push([2, objStmNum >> 8, objStmNum & 0xff, index]);
      else rows.push([0, 0, 0, num === 0 ? 255 : 0]);
    }
    const predicted: number[] = [];
    rows.forEach((row, r) => {
      predicted.push(2);
      row.forEach((v, i) => predicted.push((v - (r > 0 ? (rows[r - 1]?.[i] ?? 0) : 0)) & 0xff));
    });
    const data = Buffer.from(deflateSync(Uint8Array.from(predicted))).toString('latin1');
    const prev = this.lastXref === undefined ? '' : ` /Prev ${this.lastXref}`;
    this.text += `${xrefNum} 0 obj\n<< /Type /XRef /Size ${size} /W [1 2 1] /Root 1 0 R${prev} /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`;
    this.lastXref = xrefOffset;
    return this;
  }

  /**
   * Signs the last placeholder: ByteRange = everything but the /Contents hex string, up to the
   * current end of the file. `tamper` lets a test write a wrong ByteRange on purpose.
   */
  sign(tamper?: (range: [number, number, number, number]) => number[]): this {
    const at = this.text.lastIndexOf(RANGE_PLACEHOLDER);
    const contentsAt = this.text.indexOf('/Contents <', at) + '/Contents '.length;
    const a = contentsAt;
    const b = contentsAt + CONTENTS_HEX + 2;
    const range: [number, number, number, number] = [0, a, b, this.text.length - b];
    const values = tamper === undefined ? range : tamper(range);
    const written = `[${values.map((v) => String(v).padStart(v === 0 ? 1 : 10, '0')).join(' ')}]`;
    const padded = written.padEnd(RANGE_PLACEHOLDER.length, ' ');
    const contents = `<${FAKE_DER}${'0'.repeat(CONTENTS_HEX - FAKE_DER.length)}>`;
    this.text = this.text.slice(0, at) + padded + this.text.slice(at + padded.length);
    this.text = this.text.slice(0, a) + contents + this.text.slice(b);
    return this;
  }

  get length(): number {
    return this.text.length;
  }

  indexOf(marker: string): number {
    return this.text.indexOf(marker);
  }

  bytes(): Uint8Array {
    return encoder(this.text);
  }
}

/** The base document: one page, a signed field Sig1 (object 6) and a text field Name (7, AP 8). */
export const baseObjects = (extraCatalog = ''): Record<number, string> => ({
  1: `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R] /SigFlags 3 >> ${extraCatalog}>>`,
  2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 7 0 R] >>',
  4: stream('', 'BT /F1 12 Tf 10 10 Td (Pay 100 EUR) Tj ET'),
  5: '<< /FT /Sig /T (Sig1) /V 6 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
  6: signatureDict(),
  7: '<< /FT /Tx /T (Name) /V (Alice) /Type /Annot /Subtype /Widget /Rect [10 50 100 70] /P 3 0 R /AP << /N 8 0 R >> >>',
  8: stream('/Type /XObject /Subtype /Form /BBox [0 0 90 20]', '(Alice) Tj'),
});

/** A signed one-revision document. */
export const signedBase = (extraCatalog = ''): PdfBuilder =>
  new PdfBuilder().revision(baseObjects(extraCatalog)).sign();
