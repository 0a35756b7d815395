import { failed, passed, warning, type Check } from '../check.js';
import { MAX_NESTING_DEPTH } from './limits.js';

const NAME = 'pdf.signature.contents-der';

/**
 * End offset of the BER/DER element at the start of `bytes` (X.690 §8.1), or an error text.
 * Signers often emit BER with indefinite lengths, so end-of-contents markers are followed;
 * iterative, and every step moves forward, so hostile input cannot loop or recurse deeply.
 */
export const berElementLength = (bytes: Uint8Array): number | string => {
  let pos = 0;
  let open = 0;
  for (;;) {
    if (pos + 2 > bytes.length) return 'the ASN.1 element runs past the end of /Contents';
    const tag = bytes[pos] ?? 0;
    if (open > 0 && tag === 0 && bytes[pos + 1] === 0) {
      pos += 2;
      open -= 1;
      if (open === 0) return pos;
      continue;
    }
    pos += 1;
    if ((tag & 0x1f) === 0x1f) {
      while ((bytes[pos] ?? 0) & 0x80) pos += 1;
      pos += 1;
    }
    const first = bytes[pos];
    if (first === undefined) return 'the ASN.1 element runs past the end of /Contents';
    pos += 1;
    if (first === 0x80) {
      if ((tag & 0x20) === 0) return 'indefinite length on a primitive ASN.1 element';
      open += 1;
      if (open > MAX_NESTING_DEPTH) return `ASN.1 nested deeper than ${MAX_NESTING_DEPTH}`;
      continue;
    }
    let length = first;
    if (first > 0x80) {
      const octets = first & 0x7f;
      // Four length octets cover 4 GiB, far beyond any /Contents.
      if (octets > 4) return 'ASN.1 length does not fit in four octets';
      length = 0;
      for (let i = 0; i < octets; i += 1) length = length * 256 + (bytes[pos + i] ?? 0);
      pos += octets;
    }
    pos += length;
    if (pos > bytes.length) return 'the ASN.1 element runs past the end of /Contents';
    if (open === 0) return pos;
  }
};

/**
 * The signature inside /Contents: the hex string is padded with zeros to its reserved size, so
 * the real end comes from the outer element's (DER or BER) length.
 */
export const extractDer = (contents: Uint8Array): { der: Uint8Array; check: Check } => {
  if (contents[0] !== 0x30) {
    return {
      der: contents,
      check: failed(NAME, '/Contents does not start with an ASN.1 SEQUENCE'),
    };
  }
  const total = berElementLength(contents);
  if (typeof total === 'string') return { der: contents, check: failed(NAME, total) };
  const der = contents.subarray(0, total);
  if (contents.subarray(total).some((byte) => byte !== 0)) {
    return {
      der,
      check: warning(NAME, 'bytes after the signature in /Contents are not zero padding'),
    };
  }
  return {
    der,
    check: passed(NAME, `/Contents holds ${total} bytes of signature and zero padding`),
  };
};
