import type { Check } from '../check.js';

/** The facts about one PDF that the PAdES verifier needs; no cryptography has been done yet. */
export interface PdfAnalysis {
  readonly revisions: PdfRevisionInfo[];
  /** In file order (by the end of their ByteRange); unreachable ones have `reachable: false`. */
  readonly signatures: PdfSignature[];
  readonly dss?: PdfDss;
  readonly docMdp?: PdfDocMdp;
  /** File-level structural problems (duplicate objects, broken xref, /Prev loop, …). */
  readonly problems: Check[];
}

export interface PdfRevisionInfo {
  readonly index: number;
  /** Offset just past `%%EOF` and its end-of-line marker. */
  readonly end: number;
  readonly xrefKind: 'table' | 'stream' | 'hybrid';
}

export interface PdfDss {
  readonly certificates: Uint8Array[];
  readonly ocsps: Uint8Array[];
  readonly crls: Uint8Array[];
  /** VRI keys as written (upper-case hex SHA-1 of a signature's /Contents). */
  readonly vriKeys: string[];
}

export interface PdfDocMdp {
  /** 1: no changes; 2: form fill and signing; 3: also annotations (ISO 32000-1 Table 254). */
  readonly permission: 1 | 2 | 3;
  /** Index into `signatures` of the certifying signature, or -1 if it is not among them. */
  readonly signatureIndex: number;
}

export type CoverageVerdict =
  | 'whole-document'
  | 'permitted-changes-only'
  | 'form-fill-changes'
  | 'disallowed-changes'
  | 'broken';

export interface PdfSignature {
  readonly fieldName?: string;
  readonly kind: 'signature' | 'document-timestamp';
  readonly subFilter: string;
  readonly byteRange: number[];
  /** The DER of /Contents, trailing zero padding removed by its DER length. */
  readonly contents: Uint8Array;
  /** Byte ranges [start, end) to hash, in order; empty when ByteRange is unusable. */
  readonly ranges: Array<[number, number]>;
  readonly claimedSigningTime?: Date;
  readonly reason?: string;
  readonly location?: string;
  readonly name?: string;
  /** Object number of the signature dictionary. */
  readonly objectNumber: number;
  /** Whether the final revision's AcroForm fields reach this dictionary. */
  readonly reachable: boolean;
  /** The revision whose end equals the ByteRange's end, or -1. */
  readonly revisionIndex: number;
  readonly coverage: Check[];
  readonly modificationsAfter: PdfChange[];
  readonly coverageVerdict: CoverageVerdict;
}

export interface PdfChange {
  readonly objectNumber: number;
  readonly generation: number;
  /** The revision that made the change. */
  readonly revisionIndex: number;
  readonly change: 'added' | 'modified' | 'deleted' | 'xref-redirected';
  /** What the object is in the document graph: 'dss', 'page', 'widget', 'content-stream', … */
  readonly kind: string;
  readonly verdict: 'allowed' | 'form-fill' | 'disallowed';
  readonly detail: string;
}
