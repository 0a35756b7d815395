import { describe, expect, it } from 'vitest';
import { ANSWER_KINDS } from '../../../../src/cases/case-types.js';
import {
  letterSubject,
  MAX_SUBJECT_VALUE_CHARS,
  type LetterLanguage,
} from '../../../../src/responses/letters/index.js';
import { CASE_NUMBER, SAMPLES } from './support/letter-samples.js';

const CASES = ANSWER_KINDS.flatMap((kind) =>
  (['lv', 'en'] as LetterLanguage[]).map((language) => ({ kind, language })),
);

describe('letterSubject', () => {
  it.each(CASES)(
    'when a $kind answer goes out in $language, then its subject names the case',
    ({ kind, language }) => {
      const subject = letterSubject(kind, language, SAMPLES[kind], CASE_NUMBER);

      expect(
        subject.endsWith(language === 'lv' ? ` — lieta ${CASE_NUMBER}` : ` — case ${CASE_NUMBER}`),
      ).toBe(true);
      expect(subject).not.toMatch(/[\r\n]/);
    },
  );

  it('when an e-service is registered, then the subject gives its identifier first', () => {
    expect(
      letterSubject('registration-confirmed', 'lv', SAMPLES['registration-confirmed'], CASE_NUMBER),
    ).toBe('EP-2026-00042 reģistrēts — lieta P1-2026-00001');
    expect(
      letterSubject('registration-confirmed', 'en', SAMPLES['registration-confirmed'], CASE_NUMBER),
    ).toBe('EP-2026-00042 registered — case P1-2026-00001');
  });

  it('when values are named in the subject, then the Latvian subject keeps its diacritics', () => {
    expect(letterSubject('access-granted', 'lv', SAMPLES['access-granted'], CASE_NUMBER)).toBe(
      'Piekļuves tiesības piešķirtas: EP-2026-00042 — lieta P1-2026-00001',
    );
    expect(letterSubject('acceptance-act', 'lv', SAMPLES['acceptance-act'], 'P2-2026-00003')).toBe(
      'Akcepttestēšanas akts AA-2026-00007 — lieta P2-2026-00003',
    );
  });

  it('when a value would inject a header or is very long, then the subject stays one short line', () => {
    const subject = letterSubject(
      'nonconformity',
      'en',
      { webService: `Bad\r\nBcc: all@example.lv ${'x'.repeat(5000)}` },
      'P2-2026-00003\r\nX-Evil: 1',
    );

    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('Bad Bcc: all@example.lv');
    expect(subject).toContain('— case P2-2026-00003 X-Evil: 1');
    expect(subject.length).toBeLessThan(2 * MAX_SUBJECT_VALUE_CHARS + 40);
  });

  it('when a reminder goes out, then the subject names the e-service in brackets', () => {
    expect(letterSubject('reminder', 'en', SAMPLES.reminder, CASE_NUMBER)).toBe(
      'Reminder: a form is still missing (EP-2026-00042) — case P1-2026-00001',
    );
  });

  it('when the values are missing, then the subject is the bare title', () => {
    expect(letterSubject('reminder', 'lv', {}, CASE_NUMBER)).toBe(
      'Atgādinājums par trūkstošo veidlapu — lieta P1-2026-00001',
    );
  });
});
