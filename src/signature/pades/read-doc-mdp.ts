import type { PdfDocument } from './pdf-document.js';
import { asArray, asDict, asInteger, asName, type PdfDict } from './pdf-object.js';
import type { PdfDocMdp } from './types.js';

/** /P of a signature's DocMDP transform (ISO 32000-1 §12.8.2.2), or undefined if it has none. */
export const docMdpPermission = (doc: PdfDocument, signature: PdfDict): 1 | 2 | 3 | undefined => {
  const final = doc.finalRevision.index;
  for (const item of asArray(signature.entries.get('Reference')) ?? []) {
    const reference = asDict(doc.deref(item, final));
    if (asName(reference?.entries.get('TransformMethod')) !== 'DocMDP') continue;
    const params = asDict(doc.deref(reference?.entries.get('TransformParams'), final));
    const p = asInteger(params?.entries.get('P'));
    // Absent /P means 2; out-of-range values are read as the strictest (1), never looser.
    return p === undefined ? 2 : p === 2 || p === 3 ? p : 1;
  }
  return undefined;
};

/**
 * The certification (DocMDP) signature: the one /Perms /DocMDP names, else the first signature
 * that carries a DocMDP transform. `signatures` gives the object numbers in report order.
 */
export const readDocMdp = (
  doc: PdfDocument,
  signatures: readonly { objectNumber: number; dict: PdfDict }[],
): PdfDocMdp | undefined => {
  const final = doc.finalRevision.index;
  const catalog = asDict(doc.deref(doc.trailer(final).entries.get('Root'), final));
  const perms = asDict(doc.deref(catalog?.entries.get('Perms'), final));
  const docMdpRef = perms?.entries.get('DocMDP');
  if (docMdpRef !== undefined) {
    const dict = asDict(doc.deref(docMdpRef, final));
    const index =
      docMdpRef.kind === 'ref' ? signatures.findIndex((s) => s.objectNumber === docMdpRef.num) : -1;
    const permission = dict === undefined ? undefined : docMdpPermission(doc, dict);
    return { permission: permission ?? 2, signatureIndex: index };
  }
  for (const [index, signature] of signatures.entries()) {
    const permission = docMdpPermission(doc, signature.dict);
    if (permission !== undefined) return { permission, signatureIndex: index };
  }
  return undefined;
};
