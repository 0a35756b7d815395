import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import {
  MAX_ATTACHMENTS,
  MAX_HEADER_BYTES,
  MAX_MIME_PARTS,
  DAMAGED_IN_TRANSIT,
  parseMail,
} from '../../../src/intake/parse-mail.js';
import { createVerifyContext, verifyDocument } from '../../../src/signature/index.js';
import { TrustStore } from '../../../src/signature/trust/trust-store.js';

/**
 * Hostile and broken mail: each case must come back as a result with a plain-word reason where
 * something was not read, the sender still known (so the sender can be told), and no exception.
 * Mail over `limits.maxMailBytes` never reaches parseMail (poll-mailbox stores and refuses it);
 * that path is in test/integration/intake/poll-mailbox.test.ts and test/unit/cases/refuse-oversize.test.ts.
 */
type MailOptions = ConstructorParameters<typeof MailComposer>[0];
const compose = async (options: MailOptions): Promise<Uint8Array> =>
  new Uint8Array(await new MailComposer(options).compile().build());

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const HEAD =
  'From: Iestade <iestade@institution-a.test>\r\nTo: e-adrese@agency.test\r\nSubject: Veidlapa\r\nMessage-ID: <bad-1@institution-a.test>\r\nMIME-Version: 1.0\r\n';
const attachmentPart = (name: string, body: string, encoding = 'base64'): string =>
  `Content-Type: application/pdf; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}\r\n`;
const offline = createVerifyContext({
  trust: new TrustStore([]),
  offline: true,
  at: new Date('2026-01-02T03:04:05Z'),
});

describe('bad mail: structure', () => {
  it('when a multipart body never closes its boundary, then the part read so far is kept and the sender is known', async () => {
    const mail = await parseMail(
      latin1(
        `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n${attachmentPart('a.pdf', 'JVBERi0xLjcK')}`,
      ),
    );
    expect(mail.from).toBe('iestade@institution-a.test');
    expect(mail.attachments.map((a) => [a.filename, Buffer.from(a.bytes).toString()])).toEqual([
      ['a.pdf', '%PDF-1.7\n'],
    ]);
  });

  it(`when multiparts nest ${MAX_MIME_PARTS * 2} deep, then the body is not opened, the reason says why, and the headers are still read`, async () => {
    const depth = MAX_MIME_PARTS * 2;
    let body = '';
    for (let i = 0; i < depth; i += 1)
      body += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    body += attachmentPart('deep.pdf', 'JVBERi0xLjcK');
    for (let i = depth - 1; i >= 0; i -= 1) body += `--b${i}--\r\n`;
    const mail = await parseMail(latin1(HEAD + body));
    expect(mail.problems).toEqual([
      `the message cannot be read as MIME: more than ${MAX_MIME_PARTS} MIME parts (or parts nested that deep); the body is not opened`,
    ]);
    expect(mail).toMatchObject({
      from: 'iestade@institution-a.test',
      subject: 'Veidlapa',
      messageId: '<bad-1@institution-a.test>',
      attachments: [],
    });
  });

  it('when a mail has 10 000 parts, then it is refused quickly with the part limit named and the sender kept', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 10_000; i += 1)
      parts.push(`--b\r\n${attachmentPart(`f${i}.pdf`, 'JVBERi0xLjcK')}`);
    const raw = latin1(
      `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.join('')}--b--\r\n`,
    );
    const started = performance.now();
    const mail = await parseMail(raw);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(mail.problems.join(' ')).toMatch(new RegExp(`more than ${MAX_MIME_PARTS} MIME parts`));
    expect(mail.from).toBe('iestade@institution-a.test');
    expect(mail.attachments).toEqual([]);
  });

  it(`when a mail has more than ${MAX_ATTACHMENTS} attachments (but fewer parts than the parser limit), then the first ${MAX_ATTACHMENTS} are kept and the rest are named as dropped`, async () => {
    const attachments = Array.from({ length: MAX_ATTACHMENTS + 20 }, (_, i) => ({
      filename: `f${i}.pdf`,
      content: Buffer.from(`%PDF-1.7 ${i}`),
    }));
    const mail = await parseMail(
      await compose({
        from: 'iestade@institution-a.test',
        to: 'e-adrese@agency.test',
        attachments,
      }),
    );
    expect(mail.attachments).toHaveLength(MAX_ATTACHMENTS);
    expect(mail.attachments[0]?.filename).toBe('f0.pdf');
    expect(mail.problems).toEqual([
      `more than ${MAX_ATTACHMENTS} attachments; only the first ${MAX_ATTACHMENTS} are kept`,
    ]);
  });
});

describe('bad mail: headers', () => {
  it(`when the header block is larger than ${MAX_HEADER_BYTES} bytes, then nothing is parsed and the reason names the limit`, async () => {
    const raw = latin1(`${HEAD}X-Padding: ${'a'.repeat(MAX_HEADER_BYTES + 10)}\r\n\r\nbody\r\n`);
    const mail = await parseMail(raw);
    expect(mail.problems).toEqual([`the header block is larger than ${MAX_HEADER_BYTES} bytes`]);
    expect(mail.attachments).toEqual([]);
  });

  it('when a huge header is folded over thousands of lines, then it is refused by the same limit', async () => {
    const raw = latin1(
      `${HEAD}X-Padding: ${'a\r\n '.repeat(MAX_HEADER_BYTES / 2)}\r\n\r\nbody\r\n`,
    );
    expect((await parseMail(raw)).problems).toEqual([
      `the header block is larger than ${MAX_HEADER_BYTES} bytes`,
    ]);
  });

  it('regression: when a mail with bare LF line ends is larger than the header limit, then it is read, not refused as a huge header', async () => {
    const raw =
      `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n${attachmentPart('big.pdf', 'QUFB\r\n'.repeat(80_000))}--b--\r\n`.replace(
        /\r\n/g,
        '\n',
      );
    expect(raw.length).toBeGreaterThan(MAX_HEADER_BYTES);
    const mail = await parseMail(latin1(raw));
    expect(mail.problems).toEqual([]);
    expect(mail.from).toBe('iestade@institution-a.test');
    expect(mail.attachments[0]?.bytes.byteLength).toBe(3 * 80_000);
  });

  it('when a mail is only its header block (no blank line, no body), then the headers are read', async () => {
    const mail = await parseMail(latin1(HEAD));
    expect(mail).toMatchObject({ from: 'iestade@institution-a.test', problems: [] });
  });
});

describe('bad mail: encodings', () => {
  const multipart = (...parts: string[]): Uint8Array =>
    latin1(
      `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.map((p) => `--b\r\n${p}`).join('')}--b--\r\n`,
    );

  it('when base64 holds characters outside its alphabet, then the file is named with the reason and the verifier still refuses what was decoded', async () => {
    const mail = await parseMail(
      multipart(attachmentPart('a.pdf', 'JVBER!!!i0xLjcK====@@@\r\n***')),
    );
    expect(mail.problems).toEqual([
      '"a.pdf": broken base64 (9 characters outside the base64 alphabet were skipped); the decoded content may be damaged',
    ]);
    const [attachment] = mail.attachments;
    // The note goes to the documents table and, with a refusal, to the sender.
    expect(attachment).toMatchObject({
      filename: 'a.pdf',
      kind: 'document',
      note: DAMAGED_IN_TRANSIT,
    });
    const report = await verifyDocument('a.pdf', attachment?.bytes ?? new Uint8Array(), offline);
    expect(report.accepted).toBe(false);
    expect(report.reasons.join(' ')).toMatch(/\S/);
  });

  it('when base64 is cut short or goes on after its padding, then each damaged file is named with the reason', async () => {
    const mail = await parseMail(
      multipart(
        attachmentPart('cut.pdf', 'JVBERi0xLjc'),
        attachmentPart('joined.pdf', 'JVBERi0xLj==JVBE'),
        attachmentPart('whole.pdf', 'JVBE\r\nRi0x\r\nLjcK'),
      ),
    );
    expect(mail.problems).toEqual([
      '"cut.pdf": broken base64 (the encoded text does not end on a whole group of four); the content may be cut short',
      '"joined.pdf": broken base64 (data continues after the "=" padding); the decoded content may be damaged',
    ]);
    expect(mail.attachments.map((a) => [a.filename, a.note])).toEqual([
      ['cut.pdf', DAMAGED_IN_TRANSIT],
      ['joined.pdf', DAMAGED_IN_TRANSIT],
      ['whole.pdf', undefined],
    ]);
  });

  it('regression: an attachment without a name, or inside a forwarded mail, with broken base64 gets the note too', async () => {
    const unnamed = await parseMail(
      multipart(
        'Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjc\r\n',
      ),
    );
    expect(unnamed.attachments.map((a) => a.note)).toEqual([DAMAGED_IN_TRANSIT]);
    expect(unnamed.problems.join(' ')).toMatch(/the application\/pdf part: broken base64/);

    const inner = `From: iestade@institution-b.test\r\nSubject: Iekšējā\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="i"\r\n\r\n--i\r\n${attachmentPart('f.pdf', 'JVBE$$Ri0xLjcK')}--i--\r\n`;
    const forwarded = await parseMail(
      multipart(
        `Content-Type: message/rfc822; name="fwd.eml"\r\nContent-Disposition: attachment; filename="fwd.eml"\r\n\r\n${inner}`,
      ),
    );
    expect(forwarded.attachments).toEqual([
      expect.objectContaining({ filename: 'f.pdf', nestedIn: 'fwd.eml', note: DAMAGED_IN_TRANSIT }),
    ]);
    expect(forwarded.problems).toEqual([
      'fwd.eml: "f.pdf": broken base64 (2 characters outside the base64 alphabet were skipped); the decoded content may be damaged',
    ]);
  });

  it('regression: charsets mailparser knows by an alias (x-mac-roman, x-cp1250) are not called unknown', async () => {
    for (const charset of ['x-mac-roman', 'x-cp1250', 'iso-8859-8-i', 'windows-1257'])
      expect(
        (
          await parseMail(
            latin1(`${HEAD}Content-Type: text/plain; charset="${charset}"\r\n\r\nteksts\r\n`),
          )
        ).problems,
      ).toEqual([]);
  });

  it('when the charset is unknown, then the header and the text are still read and each is named with the reason', async () => {
    const mail = await parseMail(
      latin1(
        `${HEAD.replace('Subject: Veidlapa', 'Subject: =?x-klingon?B?xKM=?=')}Content-Type: text/plain; charset="x-klingon"\r\n\r\n\xff\xfe teksts\r\n`,
      ),
    );
    expect(mail.from).toBe('iestade@institution-a.test');
    expect(mail.subject).toBeDefined();
    expect(mail.text).toContain('teksts');
    expect(mail.problems).toEqual([
      'the Subject header: unknown charset "x-klingon"; it may read garbled',
      'the message body: unknown charset "x-klingon"; its text may be garbled',
    ]);
  });

  it('when a text declared UTF-8 is not UTF-8 (plain or quoted-printable), then it is read with replacement characters and the reason is recorded', async () => {
    const plain = await parseMail(
      latin1(`${HEAD}Content-Type: text/plain; charset="utf-8"\r\n\r\n\xff\xfe teksts\r\n`),
    );
    expect(plain.text).toMatch(/\uFFFD.* teksts/);
    expect(plain.problems).toEqual([
      'the message body: declared as UTF-8 but holds bytes that are not UTF-8; its text may be garbled',
    ]);
    const qp = await parseMail(
      multipart(
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nLatin-1 =E2 in UTF-8\r\n',
      ),
    );
    expect(qp.problems).toEqual([
      'the text/plain part: declared as UTF-8 but holds bytes that are not UTF-8; its text may be garbled',
    ]);
  });

  it('when mail is well formed (Latvian text in UTF-8 and windows-1257, folded base64, quoted-printable), then no encoding problem is recorded', async () => {
    const composed = await parseMail(
      await compose({
        from: 'iestade@institution-a.test',
        to: 'e-adrese@agency.test',
        subject: 'Pieteikums ar garumzīmēm: āčēģīķļņšūž',
        text: 'Labdien! Pielikumā parakstīta veidlapa — ĀČĒĢĪĶĻŅŠŪŽ.\n'.repeat(200),
        attachments: [
          { filename: 'veidlapa ā.pdf', content: Buffer.alloc(100_003, 0x25) },
          { filename: 'piezīmes.txt', content: 'āčē', contentType: 'text/plain; charset=utf-8' },
        ],
      }),
    );
    expect(composed.problems).toEqual([]);
    const baltic = await parseMail(
      latin1(
        `${HEAD}Content-Type: text/plain; charset="windows-1257"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nLabdien, =E2=E8=E7 ok=\r\n turpin=E2jums\r\n`,
      ),
    );
    expect(baltic.problems).toEqual([]);
    expect(baltic.text).toContain('āčē');
  });

  it('when an attachment is empty (0 bytes), then it is kept with a note saying so and the verifier refuses it with a reason', async () => {
    const mail = await parseMail(
      await compose({
        from: 'iestade@institution-a.test',
        to: 'e-adrese@agency.test',
        attachments: [
          { filename: 'tukss.pdf', content: Buffer.alloc(0), contentType: 'application/pdf' },
        ],
      }),
    );
    expect(mail.attachments).toEqual([
      expect.objectContaining({
        filename: 'tukss.pdf',
        kind: 'document',
        note: 'the file is empty (0 bytes)',
      }),
    ]);
    const report = await verifyDocument('tukss.pdf', new Uint8Array(), offline);
    expect(report.reasons).toEqual(['the file is not a signed PDF or signature container']);
  });
});

describe('bad mail: oversize', () => {
  it('when a 100 MB attachment is over the mail limit, then only the header block is parsed (as poll-mailbox does) and the sender is known', async () => {
    // poll-mailbox streams such mail to the blob store and parses its IMAP header block plus a
    // blank line; the body is never in memory. Here: the header block of a 100 MB message.
    const headerBlock = latin1(
      `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\nX-Size: ${100 * 1024 * 1024}\r\n\r\n`,
    );
    const mail = await parseMail(headerBlock);
    expect(mail).toMatchObject({
      from: 'iestade@institution-a.test',
      subject: 'Veidlapa',
      messageId: '<bad-1@institution-a.test>',
      attachments: [],
      problems: [],
    });
  });
});
