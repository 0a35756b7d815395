/**
 * PKCS#11 tokens return an ECDSA signature as r||s, both padded to the curve's size (PKCS#11
 * 3.0 §2.3.1); CMS carries the DER Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
 * (RFC 5753 §7.2), which is also what node:crypto produces and what the Signer port promises.
 */

/** P-521's 66-byte components are the largest any token offers for ECDSA. */
const MAX_COMPONENT_BYTES = 66;

/** A DER length: short form below 128, else 0x81 followed by one byte (enough for P-521). */
function derLength(length: number): number[] {
  return length < 0x80 ? [length] : [0x81, length];
}

/** A positive INTEGER: no leading zero bytes, then one zero byte if the top bit is set. */
function derPositiveInteger(bytes: Uint8Array): number[] {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const value = [...bytes.subarray(start)];
  if ((value[0] ?? 0) & 0x80) value.unshift(0);
  return [0x02, ...derLength(value.length), ...value];
}

/** Throws for output that cannot be an r||s pair; the caller turns that into SEAL_FAILED. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  if (raw.length === 0 || !Number.isInteger(half) || half > MAX_COMPONENT_BYTES) {
    throw new Error(`an ECDSA signature of ${raw.length} bytes is not an r||s pair`);
  }
  const body = [
    ...derPositiveInteger(raw.subarray(0, half)),
    ...derPositiveInteger(raw.subarray(half)),
  ];
  return new Uint8Array([0x30, ...derLength(body.length), ...body]);
}
