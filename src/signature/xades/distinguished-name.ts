import {
  children,
  decodeDirectoryString,
  decodeOid,
  DerError,
  readTlv,
  TAG_OID,
  TAG_SEQUENCE,
  TAG_SET,
  type Tlv,
} from './der.js';

/** One attribute of a distinguished name: its OID and its text. */
export interface NameAttribute {
  oid: string;
  value: string;
}

/** Keywords signers write in ds:X509IssuerName (RFC 4514, RFC 2253, and common Java/.NET ones). */
const KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['CN', '2.5.4.3'],
  ['SN', '2.5.4.4'],
  ['SURNAME', '2.5.4.4'],
  ['SERIALNUMBER', '2.5.4.5'],
  ['C', '2.5.4.6'],
  ['L', '2.5.4.7'],
  ['ST', '2.5.4.8'],
  ['S', '2.5.4.8'],
  ['STREET', '2.5.4.9'],
  ['O', '2.5.4.10'],
  ['OU', '2.5.4.11'],
  ['T', '2.5.4.12'],
  ['TITLE', '2.5.4.12'],
  ['GIVENNAME', '2.5.4.42'],
  ['GN', '2.5.4.42'],
  ['G', '2.5.4.42'],
  ['INITIALS', '2.5.4.43'],
  ['GENERATIONQUALIFIER', '2.5.4.44'],
  ['DNQUALIFIER', '2.5.4.46'],
  ['ORGANIZATIONIDENTIFIER', '2.5.4.97'],
  ['E', '1.2.840.113549.1.9.1'],
  ['EMAILADDRESS', '1.2.840.113549.1.9.1'],
  ['DC', '0.9.2342.19200300.100.1.25'],
  ['UID', '0.9.2342.19200300.100.1.1'],
]);

/** The attributes of a DER Name, in order; undefined when it cannot be read. */
export function nameFromDer(name: Tlv): NameAttribute[] | undefined {
  try {
    if (name.tag !== TAG_SEQUENCE) return undefined;
    const out: NameAttribute[] = [];
    for (const rdn of children(name.content)) {
      if (rdn.tag !== TAG_SET) return undefined;
      for (const pair of children(rdn.content)) {
        const [type, value] = children(pair.content);
        if (pair.tag !== TAG_SEQUENCE || !type || type.tag !== TAG_OID || !value) return undefined;
        const text = decodeDirectoryString(value);
        if (text === undefined) return undefined;
        out.push({ oid: decodeOid(type.content), value: text });
      }
    }
    return out;
  } catch (error) {
    if (error instanceof DerError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * Parses a string DN (RFC 4514 / 2253 syntax: `,` or `;` between RDNs, `+` inside one, `\`
 * escapes, `#hex` BER values, keywords or dotted OIDs); undefined when it cannot be read.
 */
export function nameFromString(text: string): NameAttribute[] | undefined {
  const out: NameAttribute[] = [];
  for (const part of splitUnescaped(text, new Set([',', ';', '+']))) {
    if (part.trim() === '') continue;
    const [rawType, ...rest] = splitUnescaped(part, new Set(['=']));
    if (rawType === undefined || rest.length === 0) return undefined;
    const type = rawType.trim();
    const oid = /^\d+(\.\d+)+$/.test(type)
      ? type
      : KEYWORDS.get(type.toUpperCase().replace(/^OID\./, ''));
    if (!oid) return undefined;
    const value = decodeValue(rest.join('=').trim());
    if (value === undefined) return undefined;
    out.push({ oid, value });
  }
  return out;
}

/**
 * Same attributes with the same values, in any order: signers differ in RDN order (RFC 2253
 * reverses it) and in spacing and case, none of which changes which CA is named.
 */
export function sameName(a: readonly NameAttribute[], b: readonly NameAttribute[]): boolean {
  const key = (attr: NameAttribute) => `${attr.oid}=${normalise(attr.value)}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

function normalise(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function decodeValue(raw: string): string | undefined {
  if (raw.startsWith('#')) {
    const hex = raw.slice(1);
    if (!/^([0-9a-fA-F]{2})+$/.test(hex)) return undefined;
    try {
      return decodeDirectoryString(readTlv(new Uint8Array(Buffer.from(hex, 'hex'))));
    } catch (error) {
      if (error instanceof DerError || error instanceof TypeError) return undefined;
      throw error;
    }
  }
  const unquoted =
    raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < unquoted.length; i += 1) {
    const char = unquoted[i] as string;
    if (char !== '\\') {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = unquoted.slice(i + 1, i + 3);
    if (/^[0-9a-fA-F]{2}$/.test(next)) {
      bytes.push(Number.parseInt(next, 16));
      i += 2;
    } else if (i + 1 < unquoted.length) {
      bytes.push(...encoder.encode(unquoted[i + 1] as string));
      i += 1;
    } else return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

function splitUnescaped(text: string, separators: ReadonlySet<string>): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '\\' && i + 1 < text.length) {
      current += char + (text[i + 1] as string);
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (!quoted && separators.has(char)) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
