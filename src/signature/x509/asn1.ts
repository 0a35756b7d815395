import * as asn1js from 'asn1js';

/** Parses DER strictly enough for signature work: the whole input must be one element. */
export function parseDer(der: Uint8Array, what: string): asn1js.AsnType {
  const result = asn1js.fromBER(der);
  if (result.offset === -1) throw new Asn1Error(`${what}: not valid DER (${result.result.error})`);
  if (result.offset !== der.byteLength)
    throw new Asn1Error(`${what}: ${der.byteLength - result.offset} trailing bytes after the DER`);
  return result.result;
}

export class Asn1Error extends Error {
  override readonly name = 'Asn1Error';
}

/** The original bytes of an element as they were in the input (never re-encoded). */
export function rawOf(element: asn1js.AsnType): Uint8Array {
  return new Uint8Array((element as asn1js.BaseBlock).valueBeforeDecodeView);
}

/** Children of a constructed element. */
export function childrenOf(element: asn1js.AsnType): asn1js.AsnType[] {
  const value = (element as asn1js.Sequence).valueBlock?.value;
  return Array.isArray(value) ? value : [];
}

export const toHex = (bytes: Uint8Array | ArrayBuffer): string =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
export const bytesOf = (view: ArrayBuffer | ArrayBufferView): Uint8Array =>
  view instanceof ArrayBuffer
    ? new Uint8Array(view)
    : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
