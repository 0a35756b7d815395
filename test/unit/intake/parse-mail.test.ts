import * as asn1js from 'asn1js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_NESTING, parseMail } from '../../../src/intake/parse-mail.js';

type MailOptions = ConstructorParameters<typeof MailComposer>[0];
function compose(options: MailOptions): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

const pdf = Buffer.from('%PDF-1.7\n% a signed form would be here\n%%EOF\n');
const base = {
  from: 'Iestāde <iestade@institution-a.test>',
  to: 'e-adrese@agency.test',
  subject: 'E-pakalpojuma reģistrācija',
  messageId: '<form-1@institution-a.test>',
};

describe('reading incoming mail', () => {
  it('when a form arrives with a Latvian file name, then the sender, threading headers and the PDF are read exactly', async () => {
    const raw = await compose({
      ...base,
      text: 'Pielikumā veidlapa.',
      attachments: [
        { filename: 'iesniegums-ģērbšanās.pdf', content: pdf, contentType: 'application/pdf' },
      ],
    });
    const mail = await parseMail(raw);
    expect(mail).toMatchObject({
      from: 'iestade@institution-a.test',
      to: ['e-adrese@agency.test'],
      subject: 'E-pakalpojuma reģistrācija',
      messageId: '<form-1@institution-a.test>',
      smime: false,
      problems: [],
    });
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      filename: 'iesniegums-ģērbšanās.pdf',
      contentType: 'application/pdf',
      kind: 'document',
    });
    expect(Buffer.from(mail.attachments[0]?.bytes ?? [])).toEqual(pdf);
  });

  it('when a form is forwarded as an attached message, then the PDF inside it is found', async () => {
    const inner = await compose({
      ...base,
      attachments: [{ filename: 'veidlapa.pdf', content: pdf }],
    });
    const mail = await parseMail(
      await compose({
        ...base,
        messageId: '<fwd@institution-a.test>',
        attachments: [{ filename: 'forwarded.eml', content: inner, contentType: 'message/rfc822' }],
      }),
    );
    expect(mail.attachments.map((a) => [a.filename, a.kind])).toEqual([
      ['veidlapa.pdf', 'document'],
    ]);
  });

  it('when a forwarded message arrives as a plain .eml file, then it is opened too', async () => {
    const inner = await compose({
      ...base,
      attachments: [{ filename: 'veidlapa.pdf', content: pdf }],
    });
    const mail = await parseMail(
      await compose({
        ...base,
        attachments: [
          { filename: 'forwarded.eml', content: inner, contentType: 'application/octet-stream' },
        ],
      }),
    );
    expect(mail.attachments.map((a) => [a.filename, a.kind, a.nestedIn])).toEqual([
      ['veidlapa.pdf', 'document', 'forwarded.eml'],
    ]);
  });

  it('when .eml files are nested too deep, then the innermost is not opened and the reason is recorded', async () => {
    let raw = await compose({ ...base, attachments: [{ filename: 'deep.pdf', content: pdf }] });
    for (let i = 0; i < MAX_MESSAGE_NESTING + 1; i += 1)
      raw = await compose({
        ...base,
        attachments: [
          { filename: `level-${i}.eml`, content: raw, contentType: 'application/octet-stream' },
        ],
      });
    const mail = await parseMail(raw);
    expect(mail.attachments).toEqual([]);
    expect(mail.problems.join(' ')).toMatch(/nested more than 3 levels/);
  });

  it('when Outlook sends winmail.dat, then it is kept as unsupported with a plain-word reason', async () => {
    const mail = await parseMail(
      await compose({
        ...base,
        attachments: [
          {
            filename: 'winmail.dat',
            content: Buffer.from('TNEF'),
            contentType: 'application/ms-tnef',
          },
        ],
      }),
    );
    expect(mail.attachments[0]).toMatchObject({
      kind: 'unsupported',
      note: expect.stringMatching(/winmail\.dat/),
    });
  });

  it('when the mail is opaque-signed S/MIME (smime.p7m), then the form inside is unwrapped and S/MIME is recorded', async () => {
    const inner = await compose({
      ...base,
      attachments: [{ filename: 'iekšā.pdf', content: pdf }],
    });
    const signed = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({
        eContentType: '1.2.840.113549.1.7.1',
        eContent: new asn1js.OctetString({ valueHex: inner }),
      }),
      signerInfos: [],
    });
    const p7m = Buffer.from(
      new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) })
        .toSchema()
        .toBER(),
    );
    const mail = await parseMail(
      await compose({
        ...base,
        attachments: [
          { filename: 'smime.p7m', content: p7m, contentType: 'application/pkcs7-mime' },
        ],
      }),
    );
    expect(mail.smime).toBe(true);
    expect(mail.attachments.map((a) => [a.filename, a.kind, a.nestedIn])).toEqual([
      ['iekšā.pdf', 'document', 'smime.p7m'],
    ]);
  });

  it('when a file name tries a path, then only its last segment is kept', async () => {
    const mail = await parseMail(
      await compose({ ...base, attachments: [{ filename: '../../etc/passwd', content: pdf }] }),
    );
    expect(mail.attachments[0]?.filename).toBe('passwd');
  });

  it('when the bytes are not MIME at all, then it does not throw and nothing is invented', async () => {
    const mail = await parseMail(
      new Uint8Array(Buffer.from('\u0000\u0001 garbage without headers')),
    );
    expect(mail.attachments).toEqual([]);
    expect(mail.from).toBeUndefined();
  });
});
