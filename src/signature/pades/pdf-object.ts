/**
 * The PDF object model the analysis works on. Values keep their byte offsets where the checks
 * need them (a signature's /Contents string must be exactly the ByteRange gap).
 */
export type PdfValue =
  PdfNull | PdfBoolean | PdfNumber | PdfString | PdfName | PdfArray | PdfDict | PdfRef;

export interface PdfNull {
  readonly kind: 'null';
}
export interface PdfBoolean {
  readonly kind: 'boolean';
  readonly value: boolean;
}
export interface PdfNumber {
  readonly kind: 'number';
  readonly value: number;
  readonly integer: boolean;
}
export interface PdfString {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
  readonly hex: boolean;
  /** Offset of the opening `<` or `(` in the parsed buffer. */
  readonly start: number;
  /** Offset just past the closing `>` or `)`. */
  readonly end: number;
}
export interface PdfName {
  readonly kind: 'name';
  /** Decoded name without the slash; #xx escapes are resolved. */
  readonly value: string;
}
export interface PdfArray {
  readonly kind: 'array';
  readonly items: PdfValue[];
}
export interface PdfDict {
  readonly kind: 'dict';
  readonly entries: Map<string, PdfValue>;
}
export interface PdfRef {
  readonly kind: 'ref';
  readonly num: number;
  readonly gen: number;
}

/** A stream body: its dictionary and where its raw (still encoded) data lies in the buffer. */
export interface PdfStream {
  readonly kind: 'stream';
  readonly dict: PdfDict;
  readonly data: Uint8Array;
}

/** What an indirect object holds: a value or a stream. */
export type PdfObjectBody = PdfValue | PdfStream;

export const PDF_NULL: PdfNull = { kind: 'null' };

export const dictGet = (dict: PdfDict | undefined, key: string): PdfValue | undefined =>
  dict?.entries.get(key);

export const asDict = (value: PdfObjectBody | undefined): PdfDict | undefined =>
  value?.kind === 'dict' ? value : value?.kind === 'stream' ? value.dict : undefined;

export const asName = (value: PdfValue | undefined): string | undefined =>
  value?.kind === 'name' ? value.value : undefined;

export const asInteger = (value: PdfValue | undefined): number | undefined =>
  value?.kind === 'number' && value.integer ? value.value : undefined;

export const asArray = (value: PdfValue | undefined): PdfValue[] | undefined =>
  value?.kind === 'array' ? value.items : undefined;

export const asRef = (value: PdfValue | undefined): PdfRef | undefined =>
  value?.kind === 'ref' ? value : undefined;

/**
 * Text of a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding approximated
 * by Latin-1, which agrees for all printable characters that matter in names and reasons).
 */
export const decodeTextString = (bytes: Uint8Array): string => {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    let text = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) {
      text += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
    }
    return text;
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  return new TextDecoder('latin1').decode(bytes);
};

export const asText = (value: PdfValue | undefined): string | undefined =>
  value?.kind === 'string' ? decodeTextString(value.bytes) : undefined;
