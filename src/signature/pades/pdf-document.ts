import { failed, type Check } from '../check.js';
import { DecodeBudget } from './decode-stream.js';
import { ascii, indexOfBytes, lastIndexOfBytes, readToken } from './lexer.js';
import { MAX_FILE_BYTES, MAX_XREF_SECTIONS } from './limits.js';
import { readObjectStream, type ObjectStream } from './object-stream.js';
import { parseIndirectObject, type IndirectObject } from './parse-indirect-object.js';
import { asInteger, type PdfDict, type PdfObjectBody, type PdfRef } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';
import {
  parseXrefSection,
  type XrefEntry,
  type XrefKind,
  type XrefSection,
} from './xref-section.js';

/** One revision: the original document or one incremental update (ISO 32000-1 §7.5.6). */
export interface Revision {
  readonly index: number;
  /** Offset of the first byte that belongs to this revision (the previous revision's end). */
  readonly start: number;
  /** Offset just past `%%EOF` and its end-of-line marker. */
  readonly end: number;
  /** Offset just past `%%EOF` itself. */
  readonly eofEnd: number;
  readonly xrefKind: XrefKind;
  /** Xref sections of this revision, newest first (a linearized file has two). */
  readonly sections: readonly XrefSection[];
  readonly trailer: PdfDict;
  /** Entries this revision's own sections define (newest section wins). */
  readonly entries: ReadonlyMap<number, XrefEntry>;
}

/** An object as one revision sees it, and where its body physically lies. */
export interface ResolvedObject {
  readonly num: number;
  readonly gen: number;
  readonly body: PdfObjectBody;
  readonly entry: XrefEntry;
  /** File offset of the object header, or of the object stream that holds it. */
  readonly physicalOffset: number;
  /** Revision whose xref section supplied the entry. */
  readonly definedIn: number;
}

export interface TableEntry {
  readonly entry: XrefEntry;
  readonly revision: number;
}

const STARTXREF = ascii('startxref');
const EOF_MARKER = ascii('%%EOF');
const CR = 0x0d;
const LF = 0x0a;

/** End of `%%EOF` plus its optional CR, LF or CRLF. */
const afterEol = (bytes: Uint8Array, pos: number): number => {
  let end = pos;
  if (bytes[end] === CR) end += 1;
  if (bytes[end] === LF) end += 1;
  return end;
};

const readStartxref = (bytes: Uint8Array): number => {
  const at = lastIndexOfBytes(bytes, STARTXREF, bytes.length);
  if (at < 0) throw new PdfFormatError('no "startxref" found: not a PDF or truncated');
  const lexed = readToken(bytes, at + STARTXREF.length);
  if (lexed.token.type !== 'number' || !lexed.token.integer || lexed.token.value < 0) {
    throw new PdfFormatError('"startxref" is not followed by an offset', at);
  }
  return lexed.token.value;
};

/**
 * A PDF read revision by revision, strictly by its xref chain. Objects are resolved through one
 * revision's own view (its xref plus older ones), never by scanning, so what a viewer shows at
 * that revision is what the analysis sees.
 */
export class PdfDocument {
  readonly revisions: Revision[];
  readonly problems: Check[] = [];
  readonly budget = new DecodeBudget();
  private readonly problemKeys = new Set<string>();
  private readonly tables = new Map<number, Map<number, TableEntry>>();
  private readonly objectsByOffset = new Map<number, IndirectObject | PdfFormatError>();
  private readonly streamsByOffset = new Map<number, ObjectStream | PdfFormatError>();
  private resolvingLength = false;

  constructor(readonly bytes: Uint8Array) {
    if (bytes.length > MAX_FILE_BYTES) {
      throw new PdfFormatError(`file is larger than ${MAX_FILE_BYTES} bytes`);
    }
    this.revisions = this.readRevisions();
  }

  addProblem(problem: Check): void {
    const key = `${problem.name}\u0000${problem.detail}`;
    if (this.problemKeys.has(key)) return;
    this.problemKeys.add(key);
    this.problems.push(problem);
  }

  get finalRevision(): Revision {
    const last = this.revisions[this.revisions.length - 1];
    if (last === undefined) throw new PdfFormatError('the file has no revision');
    return last;
  }

  private readRevisions(): Revision[] {
    const chain: XrefSection[] = [];
    const seen = new Set<number>();
    let offset: number | undefined = readStartxref(this.bytes);
    while (offset !== undefined) {
      if (seen.has(offset)) {
        this.addProblem(
          failed('pdf.xref.prev-loop', `the /Prev chain loops back to offset ${offset}`),
        );
        break;
      }
      if (chain.length >= MAX_XREF_SECTIONS) {
        throw new PdfFormatError(`more than ${MAX_XREF_SECTIONS} xref sections in the /Prev chain`);
      }
      seen.add(offset);
      const section = parseXrefSection(this.bytes, offset, this.budget, () => undefined);
      chain.push(section);
      offset = asInteger(section.trailer.entries.get('Prev'));
    }
    // Oldest first; a section whose %%EOF is not after the older one's (linearization's first-page
    // section) belongs to the same revision as that older section.
    const groups: { sections: XrefSection[]; eof: number }[] = [];
    for (const section of chain.reverse()) {
      const eofAt = indexOfBytes(this.bytes, EOF_MARKER, section.end);
      const eof = eofAt < 0 ? this.bytes.length : eofAt;
      const last = groups[groups.length - 1];
      if (last !== undefined && eof <= last.eof) last.sections.unshift(section);
      else groups.push({ sections: [section], eof });
    }
    let start = 0;
    return groups.map((group, index) => {
      const hasMarker =
        indexOfBytes(this.bytes, EOF_MARKER, group.eof, group.eof + 5) === group.eof;
      const eofEnd = hasMarker ? group.eof + EOF_MARKER.length : group.eof;
      const end = afterEol(this.bytes, eofEnd);
      const newest = group.sections[0] as XrefSection;
      const entries = new Map<number, XrefEntry>();
      for (const section of [...group.sections].reverse()) {
        for (const [num, entry] of section.entries) entries.set(num, entry);
      }
      const kinds = new Set(group.sections.map((s) => s.kind));
      const revision: Revision = {
        index,
        start,
        end,
        eofEnd,
        xrefKind: kinds.size === 1 ? newest.kind : 'hybrid',
        sections: group.sections,
        trailer: newest.trailer,
        entries,
      };
      start = end;
      return revision;
    });
  }

  /** Every object number the revision's xref view knows, with its entry (cached per revision). */
  table(revisionIndex: number): Map<number, TableEntry> {
    const cached = this.tables.get(revisionIndex);
    if (cached !== undefined) return cached;
    const table =
      revisionIndex > 0 ? new Map(this.table(revisionIndex - 1)) : new Map<number, TableEntry>();
    const revision = this.revisions[revisionIndex];
    if (revision === undefined) throw new Error(`no revision ${revisionIndex}`);
    for (const [num, entry] of revision.entries) table.set(num, { entry, revision: revisionIndex });
    this.tables.set(revisionIndex, table);
    return table;
  }

  /** The trailer dictionary that governs the revision (its newest xref section's). */
  trailer(revisionIndex: number): PdfDict {
    const revision = this.revisions[revisionIndex];
    if (revision === undefined) throw new Error(`no revision ${revisionIndex}`);
    return revision.trailer;
  }

  /** The object whose header is at `offset`, as scanning finds it (lengths via the final xref). */
  objectAtOffset(offset: number): IndirectObject | PdfFormatError {
    return this.objectAt(offset, this.revisions.length - 1);
  }

  private objectAt(offset: number, revisionIndex: number): IndirectObject | PdfFormatError {
    const cached = this.objectsByOffset.get(offset);
    if (cached !== undefined) return cached;
    let result: IndirectObject | PdfFormatError;
    try {
      result = parseIndirectObject(this.bytes, offset, (ref) => this.lengthOf(ref, revisionIndex));
      if (result.lengthMismatch) {
        this.addProblem(
          failed(
            'pdf.structure.stream-length',
            `object ${result.num} ${result.gen}: /Length does not match its stream data`,
          ),
        );
      }
    } catch (error) {
      if (!(error instanceof PdfFormatError)) throw error;
      result = error;
    }
    this.objectsByOffset.set(offset, result);
    return result;
  }

  private lengthOf(ref: PdfRef, revisionIndex: number): number | undefined {
    // A /Length that is itself a stream needing a /Length would recurse: refuse the second level.
    if (this.resolvingLength) return undefined;
    this.resolvingLength = true;
    try {
      const resolved = this.resolve(ref.num, revisionIndex);
      return resolved?.body.kind === 'number' && resolved.body.integer
        ? resolved.body.value
        : undefined;
    } finally {
      this.resolvingLength = false;
    }
  }

  private objectStream(num: number, revisionIndex: number): ObjectStream | undefined {
    const entry = this.table(revisionIndex).get(num)?.entry;
    if (entry?.type !== 'offset') {
      this.addProblem(failed('pdf.xref.broken', `object stream ${num} is not a plain object`));
      return undefined;
    }
    let cached = this.streamsByOffset.get(entry.offset);
    if (cached === undefined) {
      const object = this.objectAt(entry.offset, revisionIndex);
      try {
        if (object instanceof PdfFormatError) throw object;
        cached = readObjectStream(object, this.budget);
      } catch (error) {
        if (!(error instanceof PdfFormatError)) throw error;
        cached = error;
      }
      this.streamsByOffset.set(entry.offset, cached);
    }
    if (cached instanceof PdfFormatError) {
      this.addProblem(failed('pdf.xref.broken', `object stream ${num}: ${cached.message}`));
      return undefined;
    }
    return cached;
  }

  /** Object `num` as revision `revisionIndex` sees it; undefined when free, absent or broken. */
  resolve(num: number, revisionIndex: number): ResolvedObject | undefined {
    const found = this.table(revisionIndex).get(num);
    if (found === undefined || found.entry.type === 'free') return undefined;
    const { entry } = found;
    if (entry.type === 'offset') {
      const object = this.objectAt(entry.offset, revisionIndex);
      if (object instanceof PdfFormatError) {
        this.addProblem(failed('pdf.xref.broken', `object ${num}: ${object.message}`));
        return undefined;
      }
      if (object.num !== num || object.gen !== entry.gen) {
        this.addProblem(
          failed(
            'pdf.xref.broken',
            `xref entry for object ${num} ${entry.gen} points to object ${object.num} ${object.gen}`,
          ),
        );
        return undefined;
      }
      return {
        num,
        gen: entry.gen,
        body: object.body,
        entry,
        physicalOffset: object.start,
        definedIn: found.revision,
      };
    }
    const stream = this.objectStream(entry.stream, revisionIndex);
    if (stream === undefined) return undefined;
    const inner = stream.objectAt(entry.index);
    if (inner === undefined || inner.num !== num) {
      this.addProblem(
        failed(
          'pdf.xref.broken',
          `object stream ${entry.stream} has no object ${num} at ${entry.index}`,
        ),
      );
      return undefined;
    }
    return {
      num,
      gen: 0,
      body: inner.value,
      entry,
      physicalOffset: stream.offset,
      definedIn: found.revision,
    };
  }

  /** Follows references (bounded) to the direct value or stream they name at the revision. */
  deref(value: PdfObjectBody | undefined, revisionIndex: number): PdfObjectBody | undefined {
    let current = value;
    for (let hops = 0; current?.kind === 'ref'; hops += 1) {
      // A chain of references that point to references is legal but never deep in practice.
      if (hops > 32) return undefined;
      current = this.resolve(current.num, revisionIndex)?.body;
    }
    return current;
  }
}
