import { PDFHexString, type PDFDocument, type PDFForm } from 'pdf-lib';
import type { Box } from './add-widgets.js';

/** Widget flags Print (4): the box is printed with the document. */
const WIDGET_PRINT = 4;

/**
 * Adds an empty signature field: one dictionary that is both the field (/FT /Sig, no /V yet) and
 * its widget on the page, listed in the AcroForm's /Fields. pdf-lib's form API cannot create
 * signature fields, so it is built from low-level objects. A signing application (or our own
 * sealer) later points its /V at a signature dictionary in an incremental update.
 */
export function addSignatureField(doc: PDFDocument, form: PDFForm, box: Box, name: string): void {
  const widget = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFHexString.fromText(name),
    F: WIDGET_PRINT,
    Rect: [box.x, box.y, box.x + box.width, box.y + box.height],
    P: box.page.ref,
  });
  const ref = doc.context.register(widget);
  box.page.node.addAnnot(ref);
  form.acroForm.addField(ref);
}
