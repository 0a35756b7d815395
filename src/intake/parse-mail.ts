import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { simpleParser, type Attachment, type AddressObject } from 'mailparser';
import { classifyAttachment, sanitiseFilename, type AttachmentKind } from './attachment-kind.js';
import { checkEncodings } from './mime-encodings.js';

/** Forwarded mail inside forwarded mail is normal to two levels; deeper is not a submission. */
export const MAX_MESSAGE_NESTING = 3;
/** A submission carries a few forms; thousands of parts is an attack on the parser or the pipeline. */
export const MAX_ATTACHMENTS = 100;
/** Header block size that real mail never approaches (Received chains included). */
export const MAX_HEADER_BYTES = 256 * 1024;
/**
 * MIME parts (at every depth) the parser splits a message into; mailsplit's own default, named
 * here so the reason can say it. Past it the body is not opened, but the headers are still read.
 */
export const MAX_MIME_PARTS = 1000;

/** Told to the sender with a refusal, when the file's base64 was broken on the way. */
export const DAMAGED_IN_TRANSIT =
  'the attachment arrived damaged (its base64 encoding is broken); please send it again';

/** mailparser options shared by the outer message and every attached one. */
const PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  maxHtmlLengthToParse: 1024 * 1024,
  // Passed through to mailsplit's MessageSplitter (not in mailparser's typings).
  maxChildNodes: MAX_MIME_PARTS,
};

export interface MailAttachment {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  kind: AttachmentKind;
  /** Why it is not a document to verify (S/MIME signature part, winmail.dat, …). */
  note?: string;
  /** Set for attachments found inside an attached message or an S/MIME wrapper. */
  nestedIn?: string;
}

export interface ParsedMail {
  messageId?: string;
  from?: string;
  to: string[];
  subject?: string;
  date?: Date;
  inReplyTo?: string;
  references: string[];
  headers: Map<string, string>;
  text?: string;
  attachments: MailAttachment[];
  /** The mail was S/MIME (signed or opaque-signed); its inner content was unwrapped. */
  smime: boolean;
  /** What could not be read, in plain words; the mail is still stored and recorded. */
  problems: string[];
}

/**
 * Reads a raw RFC 822 message into what the pipeline needs: addresses, threading headers and
 * every attachment, including those inside attached messages and opaque S/MIME (smime.p7m)
 * wrappers. Malformed input yields `problems`, never an exception.
 */
export async function parseMail(raw: Uint8Array): Promise<ParsedMail> {
  const result: ParsedMail = {
    to: [],
    references: [],
    headers: new Map(),
    attachments: [],
    smime: false,
    problems: [],
  };
  const headerEnd = endOfHeaderBlock(raw);
  if (headerEnd === -1) {
    result.problems.push(`the header block is larger than ${MAX_HEADER_BYTES} bytes`);
    return result;
  }
  let parsed;
  let bodyRead = true;
  try {
    parsed = await simpleParser(Buffer.from(raw), PARSER_OPTIONS);
  } catch (error) {
    bodyRead = false;
    result.problems.push(`the message cannot be read as MIME: ${mimeErrorText(error)}`);
    // The body is unreadable, but the sender, subject and Message-ID usually are not: read the
    // header block alone so the mail can still be threaded and its sender told why.
    try {
      parsed = await simpleParser(Buffer.from(raw.subarray(0, headerEnd)), PARSER_OPTIONS);
    } catch {
      return result;
    }
    parsed.attachments = [];
    delete parsed.text;
  }
  for (const [name, value] of parsed.headers) result.headers.set(name, headerText(value));
  if (parsed.messageId) result.messageId = parsed.messageId;
  const from = firstAddress(parsed.from);
  if (from) result.from = from;
  result.to = addresses(parsed.to);
  if (parsed.subject !== undefined) result.subject = parsed.subject;
  if (parsed.date) result.date = parsed.date;
  if (parsed.inReplyTo) result.inReplyTo = parsed.inReplyTo;
  result.references = Array.isArray(parsed.references)
    ? parsed.references
    : parsed.references
      ? [parsed.references]
      : [];
  if (parsed.text) result.text = parsed.text;
  // Read leniently above; named here, so a damaged file or garbled text has a recorded reason.
  const encodings = bodyRead ? await checkEncodings(raw, MAX_MIME_PARTS) : undefined;
  if (encodings) result.problems.push(...encodings.problems);
  await collect(parsed.attachments, result, 0, undefined, encodings?.damagedParts ?? new Set());
  if (result.attachments.length > MAX_ATTACHMENTS) {
    result.problems.push(
      `more than ${MAX_ATTACHMENTS} attachments; only the first ${MAX_ATTACHMENTS} are kept`,
    );
    result.attachments = result.attachments.slice(0, MAX_ATTACHMENTS);
  }
  return result;
}

/** `damaged`: part ids (within this message) whose base64 was broken on the way. */
async function collect(
  attachments: readonly Attachment[],
  into: ParsedMail,
  depth: number,
  parent: string | undefined,
  damaged: ReadonlySet<string>,
): Promise<void> {
  for (const attachment of attachments) {
    if (into.attachments.length > MAX_ATTACHMENTS) return;
    const filename = sanitiseFilename(attachment.filename, attachment.contentType);
    const bytes = new Uint8Array(attachment.content);
    const kind = classifyAttachment(filename, attachment.contentType);
    if (kind.kind === 'message' || kind.kind === 'smime-opaque') {
      if (depth + 1 >= MAX_MESSAGE_NESTING) {
        into.problems.push(
          `${filename}: nested more than ${MAX_MESSAGE_NESTING} levels deep; not opened`,
        );
        continue;
      }
      const inner = kind.kind === 'message' ? bytes : unwrapSignedData(bytes);
      if (!inner) {
        into.problems.push(`${filename}: the S/MIME wrapper cannot be opened`);
        continue;
      }
      if (kind.kind === 'smime-opaque') into.smime = true;
      let nested;
      try {
        nested = await simpleParser(Buffer.from(inner), PARSER_OPTIONS);
      } catch (error) {
        into.problems.push(`${filename}: cannot be read as MIME: ${mimeErrorText(error)}`);
        continue;
      }
      if (kind.kind === 'smime-opaque' && !into.text && nested.text) into.text = nested.text;
      // The attached message is a leaf of the outer one: its own parts are checked here.
      const innerCheck = await checkEncodings(inner, MAX_MIME_PARTS);
      into.problems.push(...innerCheck.problems.map((p) => `${filename}: ${p}`));
      await collect(
        nested.attachments,
        into,
        depth + 1,
        parent ?? filename,
        innerCheck.damagedParts,
      );
      continue;
    }
    if (kind.kind === 'smime-signature') into.smime = true;
    // Still handed to the verifier (which refuses it), but staff see at once why it failed.
    const note =
      kind.note ??
      (bytes.byteLength === 0
        ? 'the file is empty (0 bytes)'
        : attachment.partId !== undefined && damaged.has(attachment.partId)
          ? DAMAGED_IN_TRANSIT
          : undefined);
    into.attachments.push({
      filename,
      contentType: attachment.contentType,
      bytes,
      kind: kind.kind,
      ...(note ? { note } : {}),
      ...(parent ? { nestedIn: parent } : {}),
    });
  }
}

/**
 * Offset just past the blank line that ends the header block, or -1 when none is found within
 * MAX_HEADER_BYTES. Mail read from files or some gateways has bare LF line ends; those count too.
 */
function endOfHeaderBlock(raw: Uint8Array): number {
  const head = Buffer.from(raw.subarray(0, MAX_HEADER_BYTES + 4)).toString('latin1');
  const blank = /\r?\n\r?\n/.exec(head);
  if (blank) return blank.index + blank[0].length;
  // A message that is only headers (nothing after them) has no blank line at all.
  return raw.byteLength <= MAX_HEADER_BYTES ? raw.byteLength : -1;
}

/** mailparser's and mailsplit's error messages, in the words the report uses. */
function mimeErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/max allowed child nodes/i.test(message))
    return `more than ${MAX_MIME_PARTS} MIME parts (or parts nested that deep); the body is not opened`;
  return message;
}

/** The MIME entity inside an opaque S/MIME SignedData (RFC 8551 §3.5.2). */
function unwrapSignedData(der: Uint8Array): Uint8Array | undefined {
  try {
    const parsed = asn1js.fromBER(der);
    if (parsed.offset === -1) return undefined;
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    const signed = new pkijs.SignedData({ schema: info.content });
    const content = signed.encapContentInfo.eContent;
    if (!content) return undefined;
    if (content.idBlock.isConstructed) {
      return Buffer.concat(
        content.valueBlock.value.map((c) =>
          Buffer.from((c as asn1js.OctetString).valueBlock.valueHexView),
        ),
      );
    }
    return new Uint8Array(content.valueBlock.valueHexView);
  } catch {
    return undefined;
  }
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'value' in value) {
    const v = (value as { value: unknown; params?: Record<string, string> }).value;
    const params = (value as { params?: Record<string, string> }).params;
    return `${String(v)}${
      params
        ? Object.entries(params)
            .map(([k, p]) => `; ${k}=${p}`)
            .join('')
        : ''
    }`;
  }
  if (value && typeof value === 'object' && 'text' in value)
    return String((value as { text: unknown }).text);
  return String(value);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list
    .flatMap((o) => o.value.map((a) => a.address ?? '').filter(Boolean))
    .map((a) => a.toLowerCase());
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): string | undefined {
  return addresses(value)[0];
}
