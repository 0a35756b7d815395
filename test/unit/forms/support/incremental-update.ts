import { PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';

/**
 * Appends a hand-written incremental update (ISO 32000-1 §7.5.6) that gives text fields new
 * values, as an editor saving "incrementally" after a signature does: the changed field
 * dictionaries are written again, with a new cross-reference section and a trailer whose /Prev
 * points at the previous one. pdf-lib can only rewrite whole files, so this is done by hand.
 * Works on files with a classic cross-reference table, which is what fillForm writes.
 */
export async function changeFieldsIncrementally(
  pdf: Uint8Array,
  changes: Record<string, string>,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const form = doc.getForm();
  const objects = new Map<PDFRef, string>();
  for (const [name, value] of Object.entries(changes)) {
    const field = form.getField(name);
    field.acroField.dict.set(PDFName.of('V'), PDFHexString.fromText(value));
    objects.set(field.ref, field.acroField.dict.toString());
  }

  const text = Buffer.from(pdf).toString('latin1');
  const previous = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024))?.[1];
  const size = [...text.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1])).at(-1);
  if (previous === undefined || size === undefined) throw new Error('not a classic-xref PDF');
  const trailer = doc.context.trailerInfo;

  let body = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const offsets: Array<[number, number, number]> = [];
  for (const [ref, dict] of objects) {
    offsets.push([
      ref.objectNumber,
      ref.generationNumber,
      pdf.length + Buffer.byteLength(body, 'latin1'),
    ]);
    body += `${ref.objectNumber} ${ref.generationNumber} obj\n${dict}\nendobj\n`;
  }
  const xrefOffset = pdf.length + Buffer.byteLength(body, 'latin1');
  const rows = offsets
    .sort(([a], [b]) => a - b)
    .map(
      ([num, gen, at]) =>
        `${num} 1\n${String(at).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`,
    )
    .join('');
  const entries = [
    `/Size ${size}`,
    `/Root ${String(trailer.Root)}`,
    trailer.Info ? `/Info ${String(trailer.Info)}` : '',
    `/Prev ${previous}`,
  ].join(' ');
  body += `xref\n${rows}trailer\n<< ${entries} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(pdf), Buffer.from(body, 'latin1')]));
}
