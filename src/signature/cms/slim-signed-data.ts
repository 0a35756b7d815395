/**
 * A CMS ContentInfo/SignedData with the bulky parts taken out before the general ASN.1 decoder
 * sees it: the certificate set and the signer's unsigned attributes (which hold the time-stamp
 * token, itself a CMS with certificates). Those are returned as their original bytes — the
 * certificates are read by `parseCertificate` (cached per process), the tokens by their own
 * verification — so a signature's many nested elements are decoded once, not twice, and most of
 * them not by asn1js at all.
 *
 * This is a strict DER scan of a few known positions. Anything it does not expect (indefinite
 * lengths, another shape, trailing bytes, several signers) gives `undefined`, and the caller
 * decodes the whole input the general way, with the same checks and errors as before.
 */

interface Tlv {
  /** The identifier octet (low tag numbers only: every tag in SignedData is one). */
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** Longer length fields than this are not a signature's (4 bytes: up to 4 GiB). */
const MAX_LENGTH_OCTETS = 4;

function readTlv(bytes: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) return undefined;
  const first = bytes[offset + 1] as number;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const octets = first & 0x7f;
    if (octets === 0 || octets > MAX_LENGTH_OCTETS) return undefined;
    if (offset + 2 + octets > limit) return undefined;
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (bytes[offset + 2 + i] as number);
    // DER: the shortest form only.
    if (length < 0x80 || (bytes[offset + 2] as number) === 0) return undefined;
    contentStart = offset + 2 + octets;
  }
  const end = contentStart + length;
  if (end > limit) return undefined;
  return { tag, start: offset, contentStart, end };
}

function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(bytes, at, parent.end);
    if (!child) return undefined;
    out.push(child);
    at = child.end;
  }
  return out;
}

function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n % 256);
  return [0x80 | out.length, ...out];
}

function encode(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  return Buffer.concat([Buffer.from([tag, ...lengthOctets(length)]), ...parts]);
}

const slice = (bytes: Uint8Array, tlv: Tlv): Uint8Array => bytes.subarray(tlv.start, tlv.end);

/** Dotted form of an OBJECT IDENTIFIER's content octets. */
export function oidOf(content: Uint8Array): string | undefined {
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i += 1) {
    const b = content[i] as number;
    if (value === 0 && b === 0x80) return undefined;
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if ((b & 0x80) === 0) {
      if (arcs.length === 0)
        arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.length >= 2 && (content[content.length - 1] as number) < 0x80
    ? arcs.join('.')
    : undefined;
}

export interface RawAttribute {
  type: string;
  /** Each value's DER, as encoded. */
  values: Uint8Array[];
}

export interface SlimSignedData {
  /** The ContentInfo without the certificate set and without the signer's unsigned attributes. */
  der: Uint8Array;
  /** The X.509 certificates of the certificate set (other certificate choices are dropped). */
  certificates: Uint8Array[];
  /** The signer's unsigned attributes, as encoded. */
  unsignedAttributes: RawAttribute[];
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const CONTEXT_0 = 0xa0;
const CONTEXT_1 = 0xa1;

export function slimSignedData(der: Uint8Array): SlimSignedData | undefined {
  const contentInfo = readTlv(der, 0, der.byteLength);
  if (!contentInfo || contentInfo.tag !== SEQUENCE || contentInfo.end !== der.byteLength)
    return undefined;
  const top = childrenOf(der, contentInfo);
  if (!top || top.length !== 2) return undefined;
  const [contentType, explicit] = top as [Tlv, Tlv];
  if (contentType.tag !== OID || explicit.tag !== CONTEXT_0) return undefined;
  const wrapped = childrenOf(der, explicit);
  if (!wrapped || wrapped.length !== 1 || wrapped[0]?.tag !== SEQUENCE) return undefined;
  const signedData = wrapped[0];
  const fields = childrenOf(der, signedData);
  if (!fields || fields.length < 4) return undefined;
  const signerInfos = fields[fields.length - 1] as Tlv;
  if (signerInfos.tag !== SET) return undefined;
  const signers = childrenOf(der, signerInfos);
  if (!signers || signers.length !== 1 || signers[0]?.tag !== SEQUENCE) return undefined;
  const signer = signers[0];
  const signerFields = childrenOf(der, signer);
  if (!signerFields || signerFields.length < 5) return undefined;

  const certificates: Uint8Array[] = [];
  const kept: Uint8Array[] = [];
  for (const field of fields.slice(0, -1)) {
    if (field.tag !== CONTEXT_0) {
      kept.push(slice(der, field));
      continue;
    }
    const choices = childrenOf(der, field);
    if (!choices) return undefined;
    for (const choice of choices)
      if (choice.tag === SEQUENCE) certificates.push(slice(der, choice));
  }

  const unsignedAttributes: RawAttribute[] = [];
  const last = signerFields[signerFields.length - 1] as Tlv;
  const keptSigner = last.tag === CONTEXT_1 ? signerFields.slice(0, -1) : signerFields;
  if (last.tag === CONTEXT_1) {
    const attributes = childrenOf(der, last);
    if (!attributes) return undefined;
    for (const attribute of attributes) {
      const parts = attribute.tag === SEQUENCE ? childrenOf(der, attribute) : undefined;
      if (!parts || parts.length !== 2 || parts[0]?.tag !== OID || parts[1]?.tag !== SET)
        return undefined;
      const type = oidOf(der.subarray(parts[0].contentStart, parts[0].end));
      const values = childrenOf(der, parts[1]);
      if (!type || !values) return undefined;
      unsignedAttributes.push({ type, values: values.map((v) => slice(der, v)) });
    }
  }

  const slimSigner = encode(
    SEQUENCE,
    keptSigner.map((f) => slice(der, f)),
  );
  const slimSignedDataDer = encode(SEQUENCE, [...kept, encode(SET, [slimSigner])]);
  return {
    der: encode(SEQUENCE, [slice(der, contentType), encode(CONTEXT_0, [slimSignedDataDer])]),
    certificates,
    unsignedAttributes,
  };
}
