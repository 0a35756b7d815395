import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

/**
 * Appends a PDF incremental update holding a signature field, its widget and a /Sig dictionary
 * with a /ByteRange slot and a zero-filled /Contents placeholder, then (in `embedSignature`)
 * fills both in. The original bytes are never rewritten, as in a real signing application.
 */

/** Room for `0 a b c` with four ten-digit numbers: files up to 9.9 GB. */
const BYTE_RANGE_SLOT = 48;
/** Widget flags Print (4) + Locked (128): shown in print, not movable by a viewer. */
const WIDGET_FLAGS = 132;
/** AcroForm /SigFlags SignaturesExist (1) + AppendOnly (2). */
const SIG_FLAGS = 3;
const XREF_ENTRY_WIDTHS = [1, 4, 2] as const;

export interface PlaceholderOptions {
  fieldName: string;
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  /** /M, the claimed signing time. */
  signingTime: Date;
  /** Bytes reserved for the DER CMS (the hex in /Contents is twice as long). */
  contentsSize: number;
  reason?: string;
  signerName?: string;
  pageIndex?: number;
}

export interface PreparedPdf {
  bytes: Uint8Array;
  byteRange: readonly [number, number, number, number];
  contentsSize: number;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

function pdfDate(date: Date): string {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `D:${digits}+00'00'`;
}

/** The offset after the last `startxref`, i.e. where the previous cross-reference section is. */
function previousXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail.slice(-1024));
  if (!match?.[1]) throw new Error('PDF has no startxref at its end');
  return Number(match[1]);
}

/** /Size of the previous trailer (or xref stream dictionary), found after its xref offset. */
function previousSize(pdf: Uint8Array, prev: number): number {
  const section = Buffer.from(pdf.subarray(prev)).toString('latin1');
  const match = /\/Size\s+(\d+)/.exec(section);
  if (!match?.[1]) throw new Error('previous cross-reference section has no /Size');
  return Number(match[1]);
}

/** Resolves `value` to an array or dictionary; a reference tells us where an update must go. */
function arrayAt(
  doc: PDFDocument,
  value: PDFObject | undefined,
): { object: PDFArray; ref: PDFRef | undefined } | undefined {
  if (value === undefined) return undefined;
  if (value instanceof PDFRef) return { object: doc.context.lookup(value, PDFArray), ref: value };
  if (value instanceof PDFArray) return { object: value, ref: undefined };
  throw new Error(`expected a PDF array, found ${value.toString()}`);
}

function dictAt(
  doc: PDFDocument,
  value: PDFObject | undefined,
): { object: PDFDict; ref: PDFRef | undefined } | undefined {
  if (value === undefined) return undefined;
  if (value instanceof PDFRef) return { object: doc.context.lookup(value, PDFDict), ref: value };
  if (value instanceof PDFDict) return { object: value, ref: undefined };
  throw new Error(`expected a PDF dictionary, found ${value.toString()}`);
}

export async function prepareSignaturePlaceholder(
  pdf: Uint8Array,
  options: PlaceholderOptions,
): Promise<PreparedPdf> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { context } = doc;
  if (context.trailerInfo.Encrypt) throw new Error('encrypted PDFs are not supported');
  const rootRef = context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef)) throw new Error('PDF trailer has no /Root reference');
  const page = doc.getPage(options.pageIndex ?? 0);

  // pdf-lib forgets object streams and xref streams it read, so their numbers must come from
  // the previous trailer's /Size, or new objects would reuse them.
  const prev = previousXref(pdf);
  context.largestObjectNumber = Math.max(context.largestObjectNumber, previousSize(pdf, prev) - 1);
  const sigRef = context.nextRef();
  const widgetRef = context.nextRef();
  const changed = new Map<PDFRef, string>();

  // The page lists the widget among its annotations.
  const annots = arrayAt(doc, page.node.get(PDFName.of('Annots')));
  if (annots) annots.object.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));
  changed.set(annots?.ref ?? page.ref, (annots?.ref ? annots.object : page.node).toString());

  // The AcroForm lists the field and says signatures exist.
  const catalog = doc.catalog;
  let acroForm = dictAt(doc, catalog.get(PDFName.of('AcroForm')));
  if (!acroForm) {
    const ref = context.nextRef();
    acroForm = { object: context.obj({ Fields: [] }), ref };
    catalog.set(PDFName.of('AcroForm'), ref);
    changed.set(rootRef, catalog.toString());
  }
  const fields = arrayAt(doc, acroForm.object.get(PDFName.of('Fields')));
  if (fields) fields.object.push(widgetRef);
  else acroForm.object.set(PDFName.of('Fields'), context.obj([widgetRef]));
  if (fields?.ref) changed.set(fields.ref, fields.object.toString());
  acroForm.object.set(PDFName.of('SigFlags'), PDFNumber.of(SIG_FLAGS));
  changed.set(acroForm.ref ?? rootRef, (acroForm.ref ? acroForm.object : catalog).toString());

  changed.set(
    widgetRef,
    `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${PDFHexString.fromText(options.fieldName).toString()}` +
      ` /V ${sigRef.toString()} /F ${WIDGET_FLAGS} /Rect [0 0 0 0] /P ${page.ref.toString()} >>`,
  );
  const contentsPlaceholder = `<${'0'.repeat(options.contentsSize * 2)}>`;
  const optional = [
    options.signerName ? `/Name ${PDFHexString.fromText(options.signerName).toString()}` : '',
    options.reason ? `/Reason ${PDFHexString.fromText(options.reason).toString()}` : '',
  ].join(' ');
  changed.set(
    sigRef,
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${options.subFilter}` +
      ` /ByteRange [${' '.repeat(BYTE_RANGE_SLOT)}] /Contents ${contentsPlaceholder}` +
      ` /M (${pdfDate(options.signingTime)}) ${optional} >>`,
  );

  const usesXrefStream = Buffer.from(pdf.subarray(prev, prev + 4)).toString('latin1') !== 'xref';
  const xrefStreamRef = usesXrefStream ? context.nextRef() : undefined;

  const chunks: Buffer[] = [Buffer.from(pdf)];
  let length = pdf.length;
  const append = (chunk: Buffer): void => {
    chunks.push(chunk);
    length += chunk.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) append(latin1('\n'));

  const offsets = new Map<number, number>();
  let contentsStart = -1;
  for (const [ref, body] of changed) {
    const text = `${ref.objectNumber} ${ref.generationNumber} obj\n${body}\nendobj\n`;
    offsets.set(ref.objectNumber, length);
    if (ref === sigRef) contentsStart = length + text.indexOf(contentsPlaceholder);
    append(latin1(text));
  }

  const trailerEntries = [
    `/Size ${context.largestObjectNumber + 1}`,
    `/Root ${rootRef.toString()}`,
    context.trailerInfo.Info ? `/Info ${context.trailerInfo.Info.toString()}` : '',
    context.trailerInfo.ID ? `/ID ${context.trailerInfo.ID.toString()}` : '',
    `/Prev ${prev}`,
  ].join(' ');
  const xrefOffset = length;
  if (xrefStreamRef) {
    offsets.set(xrefStreamRef.objectNumber, xrefOffset);
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(numbers.length * 7);
    numbers.forEach((number, row) => {
      rows.writeUInt8(1, row * 7);
      rows.writeUInt32BE(offsets.get(number) ?? 0, row * 7 + 1);
      rows.writeUInt16BE(0, row * 7 + 5);
    });
    const index = numbers.map((n) => `${n} 1`).join(' ');
    append(
      latin1(
        `${xrefStreamRef.objectNumber} 0 obj\n<< /Type /XRef ${trailerEntries} /W [${XREF_ENTRY_WIDTHS.join(' ')}]` +
          ` /Index [${index}] /Length ${rows.length} >>\nstream\n`,
      ),
    );
    append(rows);
    append(latin1('\nendstream\nendobj\n'));
  } else {
    const sections = [...offsets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([n, offset]) => `${n} 1\n${String(offset).padStart(10, '0')} 00000 n\r\n`);
    append(latin1(`xref\n${sections.join('')}trailer\n<< ${trailerEntries} >>\n`));
  }
  append(latin1(`startxref\n${xrefOffset}\n%%EOF\n`));

  const bytes = new Uint8Array(Buffer.concat(chunks));
  const contentsEnd = contentsStart + contentsPlaceholder.length;
  const byteRange = [0, contentsStart, contentsEnd, bytes.length - contentsEnd] as const;
  const slotText = `/ByteRange [${' '.repeat(BYTE_RANGE_SLOT)}]`;
  const slot = Buffer.from(bytes).lastIndexOf(latin1(slotText));
  const filled = `/ByteRange [${byteRange.join(' ').padEnd(BYTE_RANGE_SLOT, ' ')}]`;
  bytes.set(latin1(filled), slot);
  return { bytes, byteRange, contentsSize: options.contentsSize };
}

/** The two pieces of the file that the signature covers: everything but /Contents' hex. */
export function coveredPieces(prepared: PreparedPdf): Uint8Array[] {
  const [start, firstLength, secondStart, secondLength] = prepared.byteRange;
  return [
    prepared.bytes.subarray(start, start + firstLength),
    prepared.bytes.subarray(secondStart, secondStart + secondLength),
  ];
}

export function embedSignature(prepared: PreparedPdf, cms: Uint8Array): Uint8Array {
  if (cms.length > prepared.contentsSize) {
    throw new Error(
      `CMS of ${cms.length} bytes does not fit the ${prepared.contentsSize}-byte /Contents placeholder`,
    );
  }
  const signed = prepared.bytes.slice();
  // Just after the '<' that opens /Contents.
  signed.set(latin1(Buffer.from(cms).toString('hex')), prepared.byteRange[1] + 1);
  return signed;
}
