import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENTS, parseMail, type ParsedMail } from '../../src/intake/parse-mail.js';
import {
  FUZZ_RUNS,
  FUZZ_SEED,
  fuzzParameters,
  fuzzTimeout,
  garbage,
  mutated,
} from './fuzz-settings.js';

type MailOptions = ConstructorParameters<typeof MailComposer>[0];
const compose = async (options: MailOptions): Promise<Uint8Array> =>
  new Uint8Array(await new MailComposer(options).compile().build());

const pdf = Buffer.from('%PDF-1.7\n% a signed form would be here\n%%EOF\n');
const base = {
  from: 'Iestāde <iestade@institution-a.test>',
  to: 'e-adrese@agency.test',
  subject: 'E-pakalpojuma reģistrācija',
  messageId: '<form-1@institution-a.test>',
};

const MIME_TOKENS = [
  '\r\n',
  '\r\n\r\n',
  'Content-Type: multipart/mixed; boundary="b"\r\n',
  'Content-Type: message/rfc822\r\n',
  'Content-Type: application/pdf; name="a.pdf"\r\n',
  'Content-Transfer-Encoding: base64\r\n',
  'Content-Transfer-Encoding: quoted-printable\r\n',
  "Content-Disposition: attachment; filename*=utf-8''%C4%A3.pdf\r\n",
  '--b\r\n',
  '--b--\r\n',
  'From: a@b.test\r\n',
  'Subject: =?utf-8?B?xKM=?=\r\n',
  'Subject: =?x-unknown?Q?=E2=80?=\r\n',
  'JVBERi0xLjcK',
  '=\r\n',
  '=C4',
];

/** What parseMail promises whatever the bytes: a result within its limits, never an exception. */
const expectWithinLimits = (mail: ParsedMail): void => {
  expect(mail.attachments.length).toBeLessThanOrEqual(MAX_ATTACHMENTS);
  expect(Array.isArray(mail.problems)).toBe(true);
  for (const problem of mail.problems) expect(problem).toMatch(/\S/);
  for (const attachment of mail.attachments) {
    expect(attachment.filename).not.toMatch(/[/\\]/);
    expect(attachment.bytes).toBeInstanceOf(Uint8Array);
  }
};

describe(`fuzz: parseMail (seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs)`, () => {
  let valid: Uint8Array[] = [];

  beforeAll(async () => {
    const inner = await compose({
      ...base,
      attachments: [{ filename: 'veidlapa.pdf', content: pdf }],
    });
    valid = [
      await compose({
        ...base,
        text: 'Pielikumā veidlapa.',
        attachments: [
          { filename: 'iesniegums-ģērbšanās.pdf', content: pdf, contentType: 'application/pdf' },
        ],
      }),
      await compose({
        ...base,
        html: '<p>Sveiki</p>',
        attachments: [
          { filename: 'forwarded.eml', content: Buffer.from(inner), contentType: 'message/rfc822' },
          { filename: 'a.asice', content: Buffer.alloc(40, 1), encoding: 'base64' },
        ],
      }),
      await compose({ ...base, text: 'ā'.repeat(200), textEncoding: 'quoted-printable' }),
    ];
  });

  it(
    'when the bytes are arbitrary, then it returns a result within its limits and never throws',
    async () => {
      await fc.assert(
        fc.asyncProperty(garbage(MIME_TOKENS), async (raw) =>
          expectWithinLimits(await parseMail(raw)),
        ),
        fuzzParameters(),
      );
    },
    fuzzTimeout(20),
  );

  it(
    'when valid MIME is mutated, then it returns a result within its limits and never throws',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutated(valid), async (raw) => expectWithinLimits(await parseMail(raw))),
        fuzzParameters(),
      );
    },
    fuzzTimeout(20),
  );
});
