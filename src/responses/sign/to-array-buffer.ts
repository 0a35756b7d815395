/**
 * A standalone ArrayBuffer holding exactly these bytes, as pkijs and asn1js want. Not
 * `bytes.slice().buffer`: for a Node Buffer `slice` is a view, and its `.buffer` may be the
 * whole shared allocation pool, which they would read as if it were the DER.
 */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}
