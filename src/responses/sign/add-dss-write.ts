import { createHash } from 'node:crypto';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';
import { ltImpossible, MAX_DSS_NEW_ITEMS } from './add-dss-limits.js';
import {
  appendIncrementalUpdate,
  previousSize,
  previousXrefOffset,
} from './pdf-incremental-update.js';

/**
 * Writes the Document Security Store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3) as one
 * incremental update: every certificate, OCSP response and CRL as its own stream, the /DSS
 * dictionary listing them, and a /VRI entry per signature naming what that signature uses.
 * An existing DSS is extended, not replaced: its streams stay and are not written twice.
 */

export interface VriEntry {
  /** Upper-case hex SHA-1 of the signature's /Contents. */
  key: string;
  certificates: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

/** DSS array key and VRI array key of each kind of item. */
const KINDS = [
  { dss: 'Certs', vri: 'Cert', of: (e: VriEntry) => e.certificates },
  { dss: 'OCSPs', vri: 'OCSP', of: (e: VriEntry) => e.ocsps },
  { dss: 'CRLs', vri: 'CRL', of: (e: VriEntry) => e.crls },
] as const;
/** Keys this writer rebuilds; any other key of an existing DSS is carried over as it was. */
const REBUILT_KEYS = new Set(['Type', 'Certs', 'OCSPs', 'CRLs', 'VRI']);

const fingerprint = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

/** A stream holding `der` unfiltered; latin1 maps each byte to one character and back. */
const streamBody = (der: Uint8Array): string =>
  `<< /Length ${der.length} >>\nstream\n${Buffer.from(der).toString('latin1')}\nendstream`;

const refList = (refs: readonly PDFRef[]): string => `[${refs.map((r) => r.toString()).join(' ')}]`;

/** The DER of an existing DSS stream, or undefined if pdf-lib cannot decode it. */
function decoded(doc: PDFDocument, ref: PDFRef): Uint8Array | undefined {
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) return undefined;
  try {
    return decodePDFRawStream(stream).decode();
  } catch {
    return undefined;
  }
}

async function load(pdf: Uint8Array): Promise<PDFDocument> {
  try {
    // updateMetadata false: pdf-lib must not touch /Info, we write only what we change.
    return await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw ltImpossible('the PDF cannot be read (damaged or encrypted)', error);
  }
}

/** New stream objects, numbered after everything the file already uses, within the limit. */
class NewStreams {
  readonly objects: Array<[PDFRef, string]> = [];

  constructor(private readonly doc: PDFDocument) {}

  add(der: Uint8Array): PDFRef {
    if (this.objects.length >= MAX_DSS_NEW_ITEMS) {
      throw ltImpossible(`the DSS would grow by more than ${MAX_DSS_NEW_ITEMS} items`);
    }
    const ref = this.doc.context.nextRef();
    this.objects.push([ref, streamBody(der)]);
    return ref;
  }
}

/**
 * One DSS array (/Certs, /OCSPs or /CRLs): the existing entries, then each new item once. Sets
 * each VRI entry's list for this kind; returns the array's entries as PDF text.
 */
function mergeArray(
  doc: PDFDocument,
  existing: PDFDict | undefined,
  kind: (typeof KINDS)[number],
  entries: readonly VriEntry[],
  streams: NewStreams,
  vriLists: Map<string, Map<string, PDFRef[]>>,
): string[] {
  const items: PDFObject[] = existing?.lookupMaybe(PDFName.of(kind.dss), PDFArray)?.asArray() ?? [];
  const byDer = new Map<string, PDFRef>();
  for (const item of items) {
    const der = item instanceof PDFRef ? decoded(doc, item) : undefined;
    if (der && item instanceof PDFRef) byDer.set(fingerprint(der), item);
  }
  const listed = items.map((item) => item.toString());
  for (const entry of entries) {
    const refs: PDFRef[] = [];
    for (const der of kind.of(entry)) {
      const key = fingerprint(der);
      let ref = byDer.get(key);
      if (!ref) {
        ref = streams.add(der);
        byDer.set(key, ref);
        listed.push(ref.toString());
      }
      if (!refs.includes(ref)) refs.push(ref);
    }
    const lists = vriLists.get(entry.key) ?? new Map<string, PDFRef[]>();
    lists.set(kind.vri, refs);
    vriLists.set(entry.key, lists);
  }
  return listed;
}

/** The /VRI dictionary: existing entries kept, this update's signatures (re)written. */
function vriDictionary(
  existing: PDFDict | undefined,
  vriLists: ReadonlyMap<string, ReadonlyMap<string, PDFRef[]>>,
): string {
  const vri = new Map<string, string>();
  const existingVri = existing?.lookupMaybe(PDFName.of('VRI'), PDFDict);
  for (const [name, value] of existingVri?.entries() ?? []) {
    vri.set(name.toString(), value.toString());
  }
  for (const [key, lists] of vriLists) {
    const body = [...lists]
      .filter(([, refs]) => refs.length > 0)
      .map(([name, refs]) => `/${name} ${refList(refs)}`)
      .join(' ');
    vri.set(PDFName.of(key).toString(), `<< ${body} >>`);
  }
  return `<< ${[...vri].map(([name, value]) => `${name} ${value}`).join(' ')} >>`;
}

export async function appendDss(
  pdf: Uint8Array,
  entries: readonly VriEntry[],
): Promise<Uint8Array> {
  const doc = await load(pdf);
  const { context, catalog } = doc;
  const rootRef = context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef)) throw ltImpossible('the PDF has no /Root reference');
  const prev = previousXrefOffset(pdf);
  // As in sealing: numbers used by object and xref streams pdf-lib forgot must not be reused.
  context.largestObjectNumber = Math.max(context.largestObjectNumber, previousSize(pdf, prev) - 1);

  const dssValue = catalog.get(PDFName.of('DSS'));
  const found = dssValue instanceof PDFRef ? context.lookup(dssValue) : dssValue;
  const existing = found instanceof PDFDict ? found : undefined;
  const streams = new NewStreams(doc);
  const vriLists = new Map<string, Map<string, PDFRef[]>>();
  const sections = ['/Type /DSS'];
  for (const kind of KINDS) {
    const listed = mergeArray(doc, existing, kind, entries, streams, vriLists);
    if (listed.length > 0) sections.push(`/${kind.dss} [${listed.join(' ')}]`);
  }
  sections.push(`/VRI ${vriDictionary(existing, vriLists)}`);
  for (const [name, value] of existing?.entries() ?? []) {
    if (!REBUILT_KEYS.has(name.decodeText())) {
      sections.push(`${name.toString()} ${value.toString()}`);
    }
  }
  const dssBody = `<< ${sections.join(' ')} >>`;

  const objects: Array<[PDFRef, PDFObject | string]> = [...streams.objects];
  if (dssValue instanceof PDFRef && existing) {
    // The catalog already points at a DSS object: rewriting that object leaves the catalog alone.
    objects.push([dssValue, dssBody]);
  } else {
    const dssRef = context.nextRef();
    objects.push([dssRef, dssBody]);
    catalog.set(PDFName.of('DSS'), dssRef);
    objects.push([rootRef, catalog]);
  }

  return appendIncrementalUpdate(pdf, {
    objects,
    prev,
    size: context.largestObjectNumber + 1,
    root: rootRef,
    info: context.trailerInfo.Info,
    id: context.trailerInfo.ID,
  }).bytes;
}
