import type { PDFObject, PDFRef } from 'pdf-lib';
import { AppError } from '../../errors/index.js';

/**
 * Appends one PDF incremental update (ISO 32000-1 §7.5.6): the changed and new objects, a
 * cross-reference section for them and a trailer pointing back with /Prev. The original bytes
 * are never rewritten, so signatures already in the file keep covering what they covered.
 */

/** Where the previous `startxref` must sit: PDF writers end the file with it, within a few bytes. */
const TAIL_SEARCH_BYTES = 1024;
/** Xref stream row: type (1 byte), offset (4 bytes: files up to 4 GB), generation (2 bytes). */
const XREF_ENTRY_WIDTHS = [1, 4, 2] as const;
const XREF_ROW_BYTES = XREF_ENTRY_WIDTHS.reduce((a, b) => a + b, 0);
/** A classic xref entry's offset field is ten digits wide (§7.5.4). */
const XREF_TABLE_OFFSET_DIGITS = 10;
const XREF_TABLE_GENERATION_DIGITS = 5;

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
const unreadable = (message: string): AppError =>
  new AppError('SEAL_FAILED', `the PDF to seal cannot be updated: ${message}`);

/** The offset after the last `startxref`, i.e. where the previous cross-reference section is. */
export function previousXrefOffset(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(-TAIL_SEARCH_BYTES)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match?.[1]) throw unreadable('it has no startxref at its end');
  return Number(match[1]);
}

/** /Size of the previous trailer (or xref stream dictionary), found after its xref offset. */
export function previousSize(pdf: Uint8Array, prev: number): number {
  const section = Buffer.from(pdf.subarray(prev)).toString('latin1');
  const match = /\/Size\s+(\d+)/.exec(section);
  if (!match?.[1]) throw unreadable('its last cross-reference section has no /Size');
  return Number(match[1]);
}

export interface IncrementalUpdate {
  /** Objects to write, in this order: a pdf-lib object or ready-made PDF text. */
  objects: ReadonlyArray<readonly [PDFRef, PDFObject | string]>;
  /** Offset of the previous cross-reference section. */
  prev: number;
  /** One more than the highest object number in use, the new objects included. */
  size: number;
  root: PDFRef;
  info?: PDFObject | undefined;
  id?: PDFObject | undefined;
}

export interface WrittenUpdate {
  bytes: Uint8Array;
  /** File offset of each written object, by object number. */
  offsets: ReadonlyMap<number, number>;
}

/** Writes the update with an xref stream if the file used one, a classic table otherwise. */
export function appendIncrementalUpdate(pdf: Uint8Array, update: IncrementalUpdate): WrittenUpdate {
  const usesXrefStream =
    Buffer.from(pdf.subarray(update.prev, update.prev + 4)).toString('latin1') !== 'xref';
  // The xref stream is an object too: it takes the next free number.
  const xrefStreamNumber = usesXrefStream ? update.size : undefined;
  const size = usesXrefStream ? update.size + 1 : update.size;

  const chunks: Buffer[] = [Buffer.from(pdf)];
  let length = pdf.length;
  const append = (chunk: Buffer): void => {
    chunks.push(chunk);
    length += chunk.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) append(latin1('\n'));

  const offsets = new Map<number, number>();
  const generations = new Map<number, number>();
  for (const [ref, body] of update.objects) {
    offsets.set(ref.objectNumber, length);
    generations.set(ref.objectNumber, ref.generationNumber);
    append(latin1(`${ref.objectNumber} ${ref.generationNumber} obj\n${body.toString()}\nendobj\n`));
  }

  const trailerEntries = [
    `/Size ${size}`,
    `/Root ${update.root.toString()}`,
    update.info ? `/Info ${update.info.toString()}` : '',
    update.id ? `/ID ${update.id.toString()}` : '',
    `/Prev ${update.prev}`,
  ].join(' ');
  const xrefOffset = length;
  if (xrefStreamNumber !== undefined) {
    offsets.set(xrefStreamNumber, xrefOffset);
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(numbers.length * XREF_ROW_BYTES);
    numbers.forEach((number, row) => {
      rows.writeUInt8(1, row * XREF_ROW_BYTES);
      rows.writeUInt32BE(offsets.get(number) ?? 0, row * XREF_ROW_BYTES + 1);
      rows.writeUInt16BE(generations.get(number) ?? 0, row * XREF_ROW_BYTES + 5);
    });
    const index = numbers.map((n) => `${n} 1`).join(' ');
    append(
      latin1(
        `${xrefStreamNumber} 0 obj\n<< /Type /XRef ${trailerEntries} /W [${XREF_ENTRY_WIDTHS.join(' ')}]` +
          ` /Index [${index}] /Length ${rows.length} >>\nstream\n`,
      ),
    );
    append(rows);
    append(latin1('\nendstream\nendobj\n'));
  } else {
    const sections = [...offsets.entries()]
      .sort(([a], [b]) => a - b)
      .map(
        ([n, offset]) =>
          `${n} 1\n${String(offset).padStart(XREF_TABLE_OFFSET_DIGITS, '0')}` +
          ` ${String(generations.get(n) ?? 0).padStart(XREF_TABLE_GENERATION_DIGITS, '0')} n\r\n`,
      );
    append(latin1(`xref\n${sections.join('')}trailer\n<< ${trailerEntries} >>\n`));
  }
  append(latin1(`startxref\n${xrefOffset}\n%%EOF\n`));
  return { bytes: new Uint8Array(Buffer.concat(chunks)), offsets };
}
