import { MAX_GRAPH_NODES, MAX_SIGNATURES } from './limits.js';
import type { PdfDocument } from './pdf-document.js';
import { asDict, asName, asText, type PdfDict, type PdfValue } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';
import { scanObjects } from './scan-objects.js';

export interface FoundSignature {
  readonly objectNumber: number;
  readonly dict: PdfDict;
  readonly fieldName?: string;
  /** Reached from the final revision's AcroForm fields. */
  readonly reachable: boolean;
  /** File offset of the object (or its object stream), to tell copies apart. */
  readonly physicalOffset: number;
}

const isSignatureDict = (dict: PdfDict): boolean =>
  dict.entries.has('ByteRange') && dict.entries.has('Contents');

/**
 * Signature dictionaries reachable from the final revision's /AcroForm /Fields (with inherited
 * /FT, §12.7.3.1), plus every other dictionary in the file that looks like one: those no field
 * reaches are reported too, since an orphaned signature is how signature wrapping hides.
 */
export const findSignatures = (doc: PdfDocument): FoundSignature[] => {
  const final = doc.finalRevision.index;
  const found: FoundSignature[] = [];
  const push = (signature: FoundSignature): void => {
    if (found.length >= MAX_SIGNATURES) {
      throw new PdfFormatError(`more than ${MAX_SIGNATURES} signatures in the file`);
    }
    found.push(signature);
  };
  const catalog = asDict(doc.deref(doc.trailer(final).entries.get('Root'), final));
  const acroForm = asDict(doc.deref(catalog?.entries.get('AcroForm'), final));
  const fields = doc.deref(acroForm?.entries.get('Fields'), final);
  type Item = { value: PdfValue; name: string | undefined; ft: string | undefined };
  const stack: Item[] =
    fields?.kind === 'array'
      ? fields.items.map((value) => ({ value, name: undefined, ft: undefined })).reverse()
      : [];
  const seen = new Set<number>();
  while (stack.length > 0) {
    if (seen.size > MAX_GRAPH_NODES) throw new PdfFormatError('field tree too large');
    const { value, name: parentName, ft: inherited } = stack.pop() as Item;
    if (value.kind !== 'ref' || seen.has(value.num)) continue;
    seen.add(value.num);
    const node = asDict(doc.resolve(value.num, final)?.body);
    if (node === undefined) continue;
    const partial = asText(node.entries.get('T'));
    const name =
      partial === undefined
        ? parentName
        : parentName === undefined
          ? partial
          : `${parentName}.${partial}`;
    const ft = asName(node.entries.get('FT')) ?? inherited;
    const v = node.entries.get('V');
    if (ft === 'Sig' && v !== undefined) {
      const resolved = v.kind === 'ref' ? doc.resolve(v.num, final) : undefined;
      const dict = asDict(v.kind === 'ref' ? resolved?.body : v);
      if (dict !== undefined && isSignatureDict(dict)) {
        const base = { reachable: true, dict };
        push({
          ...base,
          ...(name === undefined ? {} : { fieldName: name }),
          objectNumber: v.kind === 'ref' ? v.num : value.num,
          physicalOffset:
            resolved?.physicalOffset ?? doc.resolve(value.num, final)?.physicalOffset ?? -1,
        });
      }
    }
    const kids = doc.deref(node.entries.get('Kids'), final);
    if (kids?.kind === 'array') {
      for (const kid of [...kids.items].reverse()) stack.push({ value: kid, name, ft });
    }
  }
  const known = new Set(found.map((s) => s.physicalOffset));
  for (const object of scanObjects(doc)) {
    const dict = object.body.kind === 'dict' ? object.body : undefined;
    if (dict === undefined || !isSignatureDict(dict) || known.has(object.start)) continue;
    push({ objectNumber: object.num, dict, reachable: false, physicalOffset: object.start });
  }
  return found;
};
