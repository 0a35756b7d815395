import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import { AppError } from '../../errors/index.js';

/**
 * Points a signature field at a new signature dictionary. An existing, still empty signature
 * field of that name is filled (the acceptance act is generated with `agencySignature` and
 * `institutionSignature` waiting to be signed); otherwise a new invisible field is added.
 */

/** Widget flags Print (4) + Locked (128): shown in print, not movable by a viewer. */
const WIDGET_FLAGS = 132;
/** AcroForm /SigFlags SignaturesExist (1) + AppendOnly (2): viewers must save incrementally. */
const SIG_FLAGS = 3;

/** The objects an incremental update must rewrite or add, in order; values stay live until written. */
export type ObjectChanges = Map<PDFRef, PDFObject | string>;

export interface AttachRequest {
  /** Fully qualified field name (`parent.child` for fields inside a hierarchy). */
  fieldName: string;
  sigRef: PDFRef;
  /** Page that shows a newly created field's widget. */
  pageIndex: number;
  rootRef: PDFRef;
}

const K = {
  acroForm: PDFName.of('AcroForm'),
  annots: PDFName.of('Annots'),
  fields: PDFName.of('Fields'),
  ft: PDFName.of('FT'),
  kids: PDFName.of('Kids'),
  sig: PDFName.of('Sig'),
  sigFlags: PDFName.of('SigFlags'),
  t: PDFName.of('T'),
  v: PDFName.of('V'),
} as const;

const sealFailed = (message: string): AppError => new AppError('SEAL_FAILED', message);

type Located<T> = { object: T; ref: PDFRef | undefined } | undefined;

/** An entry's array or dictionary, and the reference it lives under if it is its own object. */
function located<T extends PDFObject>(
  doc: PDFDocument,
  value: PDFObject | undefined,
  accept: (object: PDFObject | undefined) => object is T,
  what: string,
): Located<T> {
  if (value === undefined) return undefined;
  const object = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (!accept(object)) {
    throw sealFailed(`the PDF's form has ${value.toString()} where ${what} belongs`);
  }
  return { object, ref: value instanceof PDFRef ? value : undefined };
}

const isArray = (o: PDFObject | undefined): o is PDFArray => o instanceof PDFArray;
const isDict = (o: PDFObject | undefined): o is PDFDict => o instanceof PDFDict;
const arrayAt = (doc: PDFDocument, value: PDFObject | undefined): Located<PDFArray> =>
  located(doc, value, isArray, 'an array');
const dictAt = (doc: PDFDocument, value: PDFObject | undefined): Located<PDFDict> =>
  located(doc, value, isDict, 'a dictionary');

interface FoundField {
  ref: PDFRef;
  dict: PDFDict;
  fieldType: PDFName | undefined;
}

/** Walks the field tree as §12.7.3.1 names it: partial names joined by dots, /FT inherited. */
function findField(
  doc: PDFDocument,
  fields: PDFArray | undefined,
  fullName: string,
): FoundField | undefined {
  type Item = { value: PDFObject; parentName: string | undefined; inherited: PDFName | undefined };
  const stack: Item[] = (fields?.asArray() ?? [])
    .map((value) => ({ value, parentName: undefined, inherited: undefined }))
    .reverse();
  const seen = new Set<PDFRef>();
  while (stack.length > 0) {
    const { value, parentName, inherited } = stack.pop() as Item;
    // Field dictionaries are indirect objects (§12.7.3.1); the set also stops a cyclic /Kids.
    if (!(value instanceof PDFRef) || seen.has(value)) continue;
    seen.add(value);
    const dict = doc.context.lookup(value);
    if (!(dict instanceof PDFDict)) continue;
    const partial = dict.lookupMaybe(K.t, PDFString, PDFHexString)?.decodeText();
    const name =
      partial === undefined
        ? parentName
        : parentName === undefined
          ? partial
          : `${parentName}.${partial}`;
    const fieldType = dict.lookupMaybe(K.ft, PDFName) ?? inherited;
    if (partial !== undefined && name === fullName) return { ref: value, dict, fieldType };
    const kids = dict.lookupMaybe(K.kids, PDFArray);
    for (const kid of [...(kids?.asArray() ?? [])].reverse()) {
      stack.push({ value: kid, parentName: name, inherited: fieldType });
    }
  }
  return undefined;
}

/** Adds the field's widget to the page and the field to the AcroForm's /Fields. */
function createField(
  doc: PDFDocument,
  request: AttachRequest,
  acroForm: PDFDict,
  fields: Located<PDFArray>,
  changes: ObjectChanges,
): void {
  const { context } = doc;
  const page = doc.getPage(request.pageIndex);
  const widgetRef = context.nextRef();
  const annots = arrayAt(doc, page.node.get(K.annots));
  if (annots) annots.object.push(widgetRef);
  else page.node.set(K.annots, context.obj([widgetRef]));
  changes.set(annots?.ref ?? page.ref, annots?.ref ? annots.object : page.node);

  if (fields) fields.object.push(widgetRef);
  else acroForm.set(K.fields, context.obj([widgetRef]));
  if (fields?.ref) changes.set(fields.ref, fields.object);

  // One dictionary that is both the field and its widget, with an empty rectangle: invisible.
  changes.set(
    widgetRef,
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText(request.fieldName),
      V: request.sigRef,
      F: WIDGET_FLAGS,
      Rect: [0, 0, 0, 0],
      P: page.ref,
    }),
  );
}

export function attachSignatureField(
  doc: PDFDocument,
  request: AttachRequest,
  changes: ObjectChanges,
): void {
  const { context, catalog } = doc;
  let acroForm = dictAt(doc, catalog.get(K.acroForm));
  if (!acroForm) {
    const ref = context.nextRef();
    acroForm = { object: context.obj({ Fields: [] }), ref };
    catalog.set(K.acroForm, ref);
    changes.set(request.rootRef, catalog);
  }
  const fields = arrayAt(doc, acroForm.object.get(K.fields));

  const existing = findField(doc, fields?.object, request.fieldName);
  if (existing) {
    if (existing.fieldType !== K.sig) {
      throw sealFailed(`the PDF's field "${request.fieldName}" is not a signature field`);
    }
    if (existing.dict.has(K.v)) {
      throw sealFailed(`the PDF's signature field "${request.fieldName}" is already signed`);
    }
    existing.dict.set(K.v, request.sigRef);
    changes.set(existing.ref, existing.dict);
  } else {
    createField(doc, request, acroForm.object, fields, changes);
  }

  acroForm.object.set(K.sigFlags, PDFNumber.of(SIG_FLAGS));
  changes.set(acroForm.ref ?? request.rootRef, acroForm.ref ? acroForm.object : catalog);
}
