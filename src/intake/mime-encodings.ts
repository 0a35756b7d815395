import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import type { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import { sanitiseFilename } from './attachment-kind.js';

/**
 * mailparser decodes broken base64 and unknown or wrong charsets leniently: it drops what it
 * cannot read and carries on, so the damage would be silent. This pass walks the same MIME
 * structure (mailparser's own splitter) over the raw bytes and names, per part, what was wrong,
 * so staff see why a file or a text came out damaged. It never throws and never changes what
 * parseMail returns beyond the problems.
 */

/** Text parts are transfer-decoded and checked for valid UTF-8 up to this size; the rest is not. */
export const MAX_TEXT_CHECK_BYTES = 1024 * 1024;
/** Parts named one by one; more are summarised in one line. */
export const MAX_ENCODING_PROBLEMS = 10;

/** Each byte's class in a base64 body, looked up once per byte (bodies reach 40 MB). */
const FOREIGN = 0;
const LETTER = 1;
const SPACE = 2;
const PAD = 3;
const BASE64_CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  BASE64_CLASS[c.charCodeAt(0)] = LETTER;
for (const c of ' \t\r\n') BASE64_CLASS[c.charCodeAt(0)] = SPACE;
BASE64_CLASS['='.charCodeAt(0)] = PAD;

/** What a base64 body looked like, counted as it streams past. */
class Base64Tally {
  private letters = 0;
  private padding = 0;
  private foreign = 0;
  private afterPadding = false;

  add(chunk: Uint8Array): void {
    for (const byte of chunk) {
      const kind = BASE64_CLASS[byte];
      if (kind === LETTER) {
        if (this.padding) this.afterPadding = true;
        this.letters += 1;
      } else if (kind === PAD) {
        this.padding += 1;
      } else if (kind === FOREIGN) {
        this.foreign += 1;
      }
    }
  }

  /** Plain words for what is wrong, or undefined when the body is well-formed base64. */
  fault(): string | undefined {
    if (this.foreign)
      return `broken base64 (${this.foreign === 1 ? '1 character' : `${this.foreign} characters`} outside the base64 alphabet ${this.foreign === 1 ? 'was' : 'were'} skipped); the decoded content may be damaged`;
    if (this.afterPadding)
      return 'broken base64 (data continues after the "=" padding); the decoded content may be damaged';
    if ((this.letters + this.padding) % 4 !== 0 || this.padding > 2)
      return 'broken base64 (the encoded text does not end on a whole group of four); the content may be cut short';
    return undefined;
  }
}

interface PartState {
  label: string;
  partId: string;
  base64?: Base64Tally;
  /** Raw (transfer-encoded) text kept for the UTF-8 check, when the part declares UTF-8. */
  text?: Buffer[];
  textBytes: number;
  encoding: string;
}

export interface EncodingCheck {
  /** Problems with transfer encodings and charsets, in plain words, one per damaged part. */
  problems: string[];
  /**
   * Parts whose base64 was broken, by mailparser's part id (`1.2`): their bytes may be damaged.
   * Ids count within one message; an attached message is checked on its own.
   */
  damagedParts: Set<string>;
}

export async function checkEncodings(raw: Uint8Array, maxParts: number): Promise<EncodingCheck> {
  const problems: string[] = [];
  const damagedParts = new Set<string>();
  let part: PartState | undefined;
  const finish = (): void => {
    if (!part) return;
    const fault = part.base64?.fault();
    if (fault) {
      problems.push(`${part.label}: ${fault}`);
      damagedParts.add(part.partId);
    }
    const cut = part.textBytes >= MAX_TEXT_CHECK_BYTES;
    if (part.text && !isUtf8(transferDecode(Buffer.concat(part.text), part.encoding), cut))
      problems.push(
        `${part.label}: declared as UTF-8 but holds bytes that are not UTF-8; its text may be garbled`,
      );
    part = undefined;
  };
  await new Promise<void>((resolve) => {
    const splitter = new Splitter({ maxChildNodes: maxParts });
    splitter.on('data', (chunk) => {
      if (chunk.type === 'node') {
        finish();
        problems.push(...headerCharsetProblems(chunk));
        part = startPart(chunk, problems);
      } else if (chunk.type === 'body' && part) {
        const bytes = chunk.value;
        part.base64?.add(bytes);
        if (part.text && part.textBytes < MAX_TEXT_CHECK_BYTES) {
          const room = MAX_TEXT_CHECK_BYTES - part.textBytes;
          part.text.push(bytes.subarray(0, room));
          part.textBytes += Math.min(room, bytes.byteLength);
        }
      }
    });
    // mailsplit's typings name only 'data'; the stream events are Transform's own.
    const stream = splitter as unknown as Transform;
    // A structure error is parseMail's to report (it says it in its own words); stop here.
    stream.on('error', () => resolve());
    stream.on('end', () => {
      finish();
      resolve();
    });
    splitter.end(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  });
  if (problems.length <= MAX_ENCODING_PROBLEMS) return { problems, damagedParts };
  return {
    problems: [
      ...problems.slice(0, MAX_ENCODING_PROBLEMS),
      `and ${problems.length - MAX_ENCODING_PROBLEMS} more encoding problems`,
    ],
    damagedParts,
  };
}

/** Leaf parts only: a multipart's own body is its preamble and epilogue. */
function startPart(node: MimeNode, problems: string[]): PartState | undefined {
  if (node.multipart || node.messageNode) return undefined;
  const filename = node.filename
    ? sanitiseFilename(node.filename, node.contentType || '')
    : undefined;
  const label = filename
    ? `"${filename}"`
    : node.root
      ? 'the message body'
      : `the ${node.contentType || 'text/plain'} part`;
  const encoding = (node.encoding || '7bit').toLowerCase();
  const isText = !node.contentType || node.contentType.startsWith('text/');
  const charset = node.charset ? node.charset.trim().toLowerCase() : undefined;
  if (isText && charset && !charsetKnown(charset))
    problems.push(`${label}: unknown charset "${charset}"; its text may be garbled`);
  const utf8 = isText && (charset === 'utf-8' || charset === 'utf8');
  return {
    label,
    // As mailparser numbers attachments (its `partId`).
    partId: (node.partNr || []).filter((n) => typeof n === 'number').join('.'),
    encoding,
    textBytes: 0,
    ...(encoding === 'base64' ? { base64: new Base64Tally() } : {}),
    ...(utf8 ? { text: [] } : {}),
  };
}

/** RFC 2047 encoded words (`=?charset?B?…?=`) naming a charset nobody can decode. */
function headerCharsetProblems(node: MimeNode): string[] {
  if (!node.headers) return [];
  const problems: string[] = [];
  for (const { key, line } of node.headers.getList()) {
    for (const match of line.matchAll(/=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g)) {
      const charset = (match[1] ?? '').toLowerCase();
      const name = headerName(key);
      if (!charsetKnown(charset)) {
        problems.push(`the ${name} header: unknown charset "${charset}"; it may read garbled`);
        break;
      }
      if ((match[2] ?? '').toLowerCase() === 'b') {
        const tally = new Base64Tally();
        tally.add(Buffer.from(match[3] ?? '', 'latin1'));
        if (tally.fault()) {
          problems.push(
            `the ${name} header: broken base64 in an encoded word; it may read garbled`,
          );
          break;
        }
      }
    }
  }
  return problems;
}

function headerName(key: string): string {
  return key.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * What mailparser can decode: libmime's alias table first (x-mac-roman, iso-8859-8-i, …), then
 * iconv-lite, plus its own decoder for the ISO-2022-JP family.
 */
function charsetKnown(charset: string): boolean {
  return (
    iconv.encodingExists(libmime.normalizeCharset(charset)) ||
    iconv.encodingExists(charset) ||
    /^jis|^iso-?2022-?jp/i.test(charset)
  );
}

/** `cut`: the text was cut at the check limit, so a character split at the end is not a fault. */
function isUtf8(bytes: Buffer, cut: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
    return true;
  } catch {
    return false;
  }
}

function transferDecode(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1'), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body.toString('latin1'));
  return body;
}

/** RFC 2045 §6.7: soft line breaks removed, `=XX` to a byte; malformed escapes kept as they are. */
function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=[ \t]*\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      out.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}
