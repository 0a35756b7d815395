import { PDFDocument, PDFString, StandardFonts } from 'pdf-lib';

/** PDFs the agency would send, made in memory with pdf-lib. */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 72;
const SIGNATURE_BOX: [number, number] = [200, 50];

/** A one-page letter; `useObjectStreams` false gives a classic xref table. */
export async function makeLetterPdf(
  options: { useObjectStreams?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage(A4);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Lemums par iesniegumu', { x: MARGIN, y: A4[1] - MARGIN, size: 14, font });
  return doc.save({ useObjectStreams: options.useObjectStreams ?? false });
}

/**
 * An acceptance act as the agency generates it: a text field, and two empty signature fields
 * (merged field/widget dictionaries with a visible box, no /V) waiting for the two parties.
 */
export async function makeAcceptanceActPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage(A4);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Pienemsanas akts', { x: MARGIN, y: A4[1] - MARGIN, size: 14, font });
  const form = doc.getForm();
  const caseNumber = form.createTextField('caseNumber');
  caseNumber.setText('P1-2025-0001');
  caseNumber.addToPage(page, { x: MARGIN, y: 600, width: 200, height: 20, font });
  const boxes: Array<[string, number]> = [
    ['agencySignature', 200],
    ['institutionSignature', 100],
  ];
  for (const [name, y] of boxes) {
    const field = doc.context.register(
      doc.context.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Sig',
        T: PDFString.of(name),
        F: 4,
        Rect: [MARGIN, y, MARGIN + SIGNATURE_BOX[0], y + SIGNATURE_BOX[1]],
        P: page.ref,
      }),
    );
    page.node.addAnnot(field);
    form.acroForm.addField(field);
  }
  // pdf-lib's default: object streams and an xref stream, as the act generator would save it.
  return doc.save();
}
