import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_KINDS } from '../../../../src/cases/case-types.js';
import {
  LETTER_CREATOR,
  LETTER_PRODUCER,
  letterText,
  renderLetter,
  type LetterLanguage,
} from '../../../../src/responses/letters/index.js';
import { AGENCY, CASE_NUMBER, context, KEY_VALUES, SAMPLES } from './support/letter-samples.js';
import { pdfTextReader } from './support/pdf-text.js';

/** Rendering and pdftotext take well under a second each; a loaded CI machine may take longer. */
const RENDER_TIMEOUT_MS = 30_000;

let reader: Awaited<ReturnType<typeof pdfTextReader>>;
beforeAll(async () => {
  reader = await pdfTextReader();
});
afterAll(() => reader.close());

const LANGUAGES: LetterLanguage[] = ['lv', 'en'];
const CASES = ANSWER_KINDS.flatMap((kind) => LANGUAGES.map((language) => ({ kind, language })));
const A4 = { width: 595.28, height: 841.89 };

/** The title each letter carries, by language. */
const TITLES = {
  lv: {
    'registration-confirmed': 'E-pakalpojums reģistrēts',
    'access-granted': 'Piekļuves tiesības piešķirtas',
    refusal: 'Atteikums',
    'waiting-for-second-form': 'Gaidām otru veidlapu',
    reminder: 'Atgādinājums',
    nonconformity: 'Neatbilstības paziņojums',
    'acceptance-act': 'Akcepttestēšanas akts',
    'production-registered': 'reģistrēts ražošanas vides IS katalogā',
    'installation-done': 'uzstādīts ražošanas vidē',
    'ticket-acknowledgement': 'Konsultācijas pieteikums reģistrēts',
  },
  en: {
    'registration-confirmed': 'E-service registered',
    'access-granted': 'Access rights granted',
    refusal: 'Refusal',
    'waiting-for-second-form': 'Waiting for the second form',
    reminder: 'Reminder',
    nonconformity: 'Notice of nonconformity',
    'acceptance-act': 'Acceptance test act',
    'production-registered': 'registered in the production IS catalogue',
    'installation-done': 'installed in production',
    'ticket-acknowledgement': 'Support request registered',
  },
} as const;

const SEALED = {
  lv: 'elektroniski parakstīts ar elektronisko zīmogu',
  en: 'sealed electronically',
};
const REPLY = {
  lv: 'Jūsu 2026. gada 4. marta e-pasta vēstuli „Pieteikums e-pakalpojuma reģistrēšanai”',
  en: 'your e-mail of 4 March 2026, “Pieteikums e-pakalpojuma reģistrēšanai”',
};
const DATE = { lv: '2026. gada 5. marts', en: '5 March 2026' };

describe(
  'renderLetter: every answer kind in both languages',
  { timeout: RENDER_TIMEOUT_MS },
  () => {
    it.each(CASES)(
      'when a $kind answer is written in $language, then it is an A4 PDF with DejaVu Sans embedded and fixed metadata',
      async ({ kind, language }) => {
        const pdf = await renderLetter(kind, language, SAMPLES[kind], context());

        const doc = await PDFDocument.load(pdf, { updateMetadata: false });
        expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
        for (const page of doc.getPages()) {
          expect(page.getWidth()).toBeCloseTo(A4.width, 1);
          expect(page.getHeight()).toBeCloseTo(A4.height, 1);
        }
        expect(doc.getTitle()).toContain(TITLES[language][kind]);
        expect(doc.getAuthor()).toBe(AGENCY);
        expect(doc.getProducer()).toBe(LETTER_PRODUCER);
        expect(doc.getCreator()).toBe(LETTER_CREATOR);
        expect(doc.getCreationDate()).toEqual(context().date);
        expect(doc.getModificationDate()).toEqual(context().date);
        const raw = Buffer.from(pdf).toString('latin1');
        expect(raw).toContain('/FontFile2');
        expect(raw).toContain('/DejaVuSans');
        expect(raw).toContain(language === 'en' ? '(en-GB)' : '(lv-LV)');
      },
    );

    it.each(CASES)(
      'when a $kind answer is written in $language, then pdftotext reads its letterhead, header, title, values and seal note',
      async ({ kind, language }) => {
        const text = await reader.text(
          await renderLetter(kind, language, SAMPLES[kind], context()),
        );

        expect(text).toContain(AGENCY);
        expect(text).toContain(CASE_NUMBER);
        expect(text).toContain('lietvediba@iestade.gov.lv');
        expect(text).toContain(DATE[language]);
        expect(text).toContain(REPLY[language]);
        expect(text).toContain('<20260304120000.1234@iestade.gov.lv>');
        expect(text).toContain(TITLES[language][kind]);
        for (const value of KEY_VALUES[kind]) expect(text).toContain(value);
        expect(text).toContain(SEALED[language]);
        expect(text).toContain(language === 'en' ? 'Page 1 of 1' : 'Lappuse 1 no 1');
      },
    );

    it.each(CASES)(
      'when a $kind answer is written in $language, then the mail body says the same',
      ({ kind, language }) => {
        const text = letterText(kind, language, SAMPLES[kind], context());

        expect(text.startsWith(`${AGENCY}\n`)).toBe(true);
        expect(text).toContain(CASE_NUMBER);
        expect(text).toContain(DATE[language]);
        expect(text).toContain(REPLY[language]);
        expect(text).toContain(TITLES[language][kind]);
        for (const value of KEY_VALUES[kind]) expect(text).toContain(value);
        expect(text).toContain(SEALED[language]);
      },
    );
  },
);

describe('renderLetter: what the letters say', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('when an e-service is registered, then the Latvian letter says so with its diacritics intact', async () => {
    const text = await reader.text(
      await renderLetter(
        'registration-confirmed',
        'lv',
        SAMPLES['registration-confirmed'],
        context(),
      ),
    );

    expect(text).toContain('Jūsu e-pakalpojums ir reģistrēts');
    expect(text).toContain('Aģentūras kontaktpersona ieviešanai');
    // The next step names both forms by the titles printed on them.
    expect(text).toContain('„Pieteikums piekļuves tiesībām VISS vidē”');
    expect(text).toContain('„Pieteikums API publicēšanai API pārvaldniekā”');
  });

  it('when access is granted, then each person is a row with role, environment and date in words', async () => {
    const text = await reader.text(
      await renderLetter('access-granted', 'lv', SAMPLES['access-granted'], context()),
    );

    for (const word of ['Jānis Bērziņš', 'Līga Ozoliņa', 'izstrādātājs', 'testētājs', 'testa vide'])
      expect(text).toContain(word);
    expect(text).toContain('01.03.2027.');
    expect(text).toContain('30.06.2027.');
  });

  it('when a submission is refused, then each reason is listed and the validation report is said to be attached', () => {
    const lv = letterText('refusal', 'lv', SAMPLES.refusal, context());
    const en = letterText('refusal', 'en', SAMPLES.refusal, context());

    expect(lv).toContain('- pieteikums.pdf: the signature has no time-stamp\n');
    expect(lv).toContain('- eserviceName: is required\n');
    expect(lv).toContain('Validācijas ziņojums');
    expect(lv).toContain('ir pievienots šai vēstulei');
    expect(en).toContain('validation report');
    expect(en).toContain('is attached to this letter');
  });

  it('when a support request carried an attachment damaged on the way, then the acknowledgement says which and that it should be sent again', () => {
    const damaged = {
      ...SAMPLES['ticket-acknowledgement'],
      problems: [
        'registracija.pdf: the attachment arrived damaged (its base64 encoding is broken); please send it again',
      ],
    };
    const lv = letterText('ticket-acknowledgement', 'lv', damaged, context());
    const en = letterText('ticket-acknowledgement', 'en', damaged, context());
    expect(lv).toContain('Daži pielikumi nebija nolasāmi');
    expect(lv).toContain('- registracija.pdf: the attachment arrived damaged');
    expect(en).toContain('Some attachments could not be read as they arrived:');
    expect(en).toContain('please send it again');
    // Without problems, no such paragraph.
    expect(
      letterText('ticket-acknowledgement', 'en', SAMPLES['ticket-acknowledgement'], context()),
    ).not.toContain('could not be read');
  });

  it('when a form is missing, then the letter names it in words, not by its id', () => {
    const lv = letterText(
      'waiting-for-second-form',
      'lv',
      SAMPLES['waiting-for-second-form'],
      context(),
    );
    const en = letterText('reminder', 'en', SAMPLES.reminder, context());

    expect(lv).toContain('- „Pieteikums API publicēšanai API pārvaldniekā”');
    expect(lv).not.toContain('api-manager');
    expect(en).toContain('- the access rights request form');
    expect(en).not.toContain('access-rights');
  });

  it('when production installation is pending or not asked for, then the letter says which', () => {
    const data = SAMPLES['production-registered'];
    expect(letterText('production-registered', 'lv', data, context())).toContain(
      'par uzstādīšanas pabeigšanu Jūs informēsim atsevišķi',
    );
    expect(
      letterText('production-registered', 'en', { ...data, installationPending: false }, context()),
    ).toContain('Installation in production was not requested');
  });

  it('when the answer has no incoming message, then the letter has no reply line', () => {
    const noReply = context();
    delete noReply.inReplyTo;
    const text = letterText('reminder', 'lv', SAMPLES.reminder, noReply);

    expect(text).not.toContain('Atbilde uz');
    expect(text).toContain('Datums: 2026. gada 5. marts');
  });

  it('when the incoming mail had no subject and no date, then the reply line says so', () => {
    const text = letterText(
      'ticket-acknowledgement',
      'en',
      { subject: null },
      context({
        inReplyTo: { subject: null, receivedAt: null, messageId: null },
      }),
    );

    expect(text).toContain('In reply to: your e-mail (no subject)\n');
    expect(text).not.toContain('Message-ID');
    expect(text).toContain('Your support request without a subject');
  });

  it('when a letter is written just before midnight UTC, then it carries the date in Riga', () => {
    const newYear = letterText(
      'installation-done',
      'lv',
      {},
      context({ date: new Date('2026-12-31T22:30:00Z') }),
    );
    const summer = letterText(
      'installation-done',
      'en',
      {},
      context({ date: new Date('2026-07-15T21:30:00Z') }),
    );

    expect(newYear).toContain('Datums: 2027. gada 1. janvāris');
    expect(summer).toContain('Date: 16 July 2026');
  });

  it('when the language is anything but English, then the letter is Latvian', () => {
    const text = letterText('refusal', 'de' as 'lv', SAMPLES.refusal, context());
    expect(text).toContain('Atteikums');
  });

  it('when the kind has no letter or the date is invalid, then rendering throws', async () => {
    await expect(renderLetter('thank-you' as 'refusal', 'lv', {}, context())).rejects.toThrow(
      TypeError,
    );
    expect(() => letterText('refusal', 'lv', {}, context({ date: new Date('nope') }))).toThrow(
      RangeError,
    );
  });
});
