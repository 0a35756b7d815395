/**
 * Just enough DER reading for the few fields XAdES compares (issuer names, serial numbers, the
 * outer shape of an OCSP value). Full ASN.1 work (timestamps, OCSP, chains) is done elsewhere.
 */
export interface Tlv {
  /** The identifier octet (single-octet tags only; none of the structures read here use more). */
  tag: number;
  /** The whole TLV, header included. */
  bytes: Uint8Array;
  /** The contents octets. */
  content: Uint8Array;
}

export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Longest length field accepted: 4 octets already allows 4 GiB, far beyond any XAdES value. */
const MAX_LENGTH_OCTETS = 4;

export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new DerError('truncated DER header');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-octet tags are not expected here');
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > MAX_LENGTH_OCTETS) throw new DerError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      const octet = bytes[offset + 2 + i];
      if (octet === undefined) throw new DerError('truncated DER length');
      length = length * 256 + octet;
    }
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw new DerError('DER value runs past its container');
  return {
    tag,
    bytes: bytes.subarray(offset, end),
    content: bytes.subarray(offset + header, end),
  };
}

/** The TLVs inside a constructed value's contents, in order. */
export function children(content: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < content.length) {
    const tlv = readTlv(content, offset);
    out.push(tlv);
    offset += tlv.bytes.length;
  }
  return out;
}

export const TAG_INTEGER = 0x02;
export const TAG_OID = 0x06;
export const TAG_ENUMERATED = 0x0a;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;

export function decodeOid(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const octet of content) {
    value = (value << 7n) | BigInt(octet & 0x7f);
    if ((octet & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs.shift();
  if (first === undefined) throw new DerError('empty OID');
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

/** An INTEGER's value (serial numbers are compared as numbers: leading zero octets don't matter). */
export function integerValue(content: Uint8Array): bigint {
  let value = 0n;
  for (const octet of content) value = (value << 8n) | BigInt(octet);
  if (content.length > 0 && ((content[0] as number) & 0x80) !== 0)
    value -= 1n << BigInt(content.length * 8);
  return value;
}

/** The text of a directory string (the string types X.520 attribute values use). */
export function decodeDirectoryString(tlv: Tlv): string | undefined {
  switch (tlv.tag) {
    case 0x0c: // UTF8String
      return new TextDecoder('utf-8', { fatal: true }).decode(tlv.content);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x12: // NumericString
    case 0x1a: // VisibleString
    case 0x14: // TeletexString, read as Latin-1 as most implementations do
      return Buffer.from(tlv.content).toString('latin1');
    case 0x1e: // BMPString
      return new TextDecoder('utf-16be').decode(tlv.content);
    default:
      return undefined;
  }
}
