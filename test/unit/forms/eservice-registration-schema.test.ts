import { describe, expect, it } from 'vitest';
import { validateForm } from '../../../src/forms/index.js';
import { GOOD, OPTIONS, withValues } from './support/good-values.js';
import { onlyProblem, problemsOf } from './support/expect-problems.js';

const TYPE = 'eservice-registration';
const change = (changes: Record<string, string | boolean | undefined>) => withValues(TYPE, changes);

describe('eservice-registration schema', () => {
  it('when every field is filled correctly, then the form passes with typed data', () => {
    const result = validateForm(TYPE, GOOD[TYPE], OPTIONS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({
      institutionRegNo: '90000000001',
      audience: 'both',
      portalPlacement: true,
      portalPlacementNote: 'Sadaļā “Būvniecība”',
      vissComponents: ['authentication', 'eAddress'],
      responsible: {
        name: 'Ģirts Bērziņš',
        position: 'Digitalizācijas nodaļas vadītājs',
        email: 'girts.berzins@riga.example',
        phone: '+37167000001',
      },
      technical: { phone: '+37167000002' },
      language: 'lv',
    });
    expect(result.data).not.toHaveProperty('vissComponentsOther');
  });

  it('when a required field is missing or only blank, then the problem names that field', () => {
    expect(onlyProblem(TYPE, change({ institutionName: undefined }), 'institutionName')).toBe(
      'is required',
    );
    expect(onlyProblem(TYPE, change({ legalBasis: '   \n ' }), 'legalBasis')).toBe('is required');
  });

  it('when an optional field is left empty, then it is absent from the data', () => {
    const result = validateForm(
      TYPE,
      change({ eserviceNameEn: '', portalPlacementNote: undefined }),
      OPTIONS,
    );
    expect(result.ok && result.data).not.toHaveProperty('eserviceNameEn');
    expect(result.ok && result.data).not.toHaveProperty('portalPlacementNote');
  });

  it.each(['9000000001', '900000000011', 'LV90000000001', '9000000000A'])(
    'when the registration number is %s, then it is refused as not 11 digits',
    (regNo) => {
      expect(onlyProblem(TYPE, change({ institutionRegNo: regNo }), 'institutionRegNo')).toMatch(
        /11 digits/,
      );
    },
  );

  it('when the e-address is an identifier or an e-mail address, then it is accepted; otherwise refused', () => {
    for (const ok of ['_DEFAULT@90000000001', 'IT_NODALA@90000000001', 'pasts@riga.example'])
      expect(validateForm(TYPE, change({ institutionEAddress: ok }), OPTIONS).ok).toBe(true);
    for (const bad of ['_DEFAULT@9000000001', 'riga.example', '_DEFAULT@'])
      expect(
        onlyProblem(TYPE, change({ institutionEAddress: bad }), 'institutionEAddress'),
      ).toMatch(/e-address/);
  });

  it('when an e-mail address is malformed, then the problem names the contact field', () => {
    expect(
      onlyProblem(TYPE, change({ responsibleEmail: 'girts.berzins@' }), 'responsibleEmail'),
    ).toMatch(/e-mail address/);
    expect(
      onlyProblem(TYPE, change({ technicalEmail: 'two@at@riga.lv' }), 'technicalEmail'),
    ).toMatch(/e-mail address/);
  });

  it.each([
    ['+371 6700 001', /\+371 followed by 8 digits/],
    ['+371 670000011', /\+371 followed by 8 digits/],
    ['67000001', /international number/],
    ['+12 34', /international number/],
    ['+371-67000001', /\+371 followed by 8 digits/],
  ])('when the phone is %s, then it is refused', (value, message) => {
    expect(onlyProblem(TYPE, change({ responsiblePhone: value }), 'responsiblePhone')).toMatch(
      message,
    );
  });

  it('when the phone is international with spaces, then the spaces are removed', () => {
    const result = validateForm(TYPE, change({ technicalPhone: '+49 30 123 4567' }), OPTIONS);
    expect(result.ok && result.data.technical.phone).toBe('+49301234567');
  });

  it.each(['2026-02-30', '01.09.2026', '2026-9-1', '2026-13-01'])(
    'when the launch date is %s, then it is refused as not a date',
    (date) => {
      expect(onlyProblem(TYPE, change({ plannedLaunchDate: date }), 'plannedLaunchDate')).toMatch(
        /YYYY-MM-DD/,
      );
    },
  );

  it('when the launch date is before today, then it is refused; today itself is fine', () => {
    expect(
      onlyProblem(TYPE, change({ plannedLaunchDate: '2026-03-01' }), 'plannedLaunchDate'),
    ).toBe('must not be in the past (today is 2026-03-02)');
    expect(validateForm(TYPE, change({ plannedLaunchDate: '2026-03-02' }), OPTIONS).ok).toBe(true);
    expect(
      validateForm(TYPE, change({ plannedLaunchDate: '2026-03-02' }), { today: '2026-03-03' }).ok,
    ).toBe(false);
  });

  it('when "other" is ticked without saying which, then the other-text field is named', () => {
    expect(
      onlyProblem(TYPE, change({ 'vissComponents.other': true }), 'vissComponents.otherText'),
    ).toMatch(/required when "other" is ticked/);
    const result = validateForm(
      TYPE,
      change({ 'vissComponents.other': true, 'vissComponents.otherText': 'Ģeotelpiskie dati' }),
      OPTIONS,
    );
    expect(result.ok && result.data.vissComponents).toEqual([
      'authentication',
      'eAddress',
      'other',
    ]);
    expect(result.ok && result.data.vissComponentsOther).toBe('Ģeotelpiskie dati');
  });

  it('when no VISS component is ticked, then the component group is named', () => {
    const values = change({
      'vissComponents.authentication': false,
      'vissComponents.eAddress': undefined,
    });
    expect(onlyProblem(TYPE, values, 'vissComponents')).toBe('tick at least one VISS component');
  });

  it('when a value is a megabyte long, then it is one clear problem, quickly', () => {
    const started = performance.now();
    const message = onlyProblem(
      TYPE,
      change({ description: 'ā'.repeat(1024 * 1024) }),
      'description',
    );
    expect(message).toBe('is too long: 1048576 characters, at most 4000 are allowed');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('when a one-line field holds a tab, a line break or a direction override, then it is refused', () => {
    for (const value of ['Rīgas\tdome', 'Rīgas\ndome', 'Rīgas \u202edome', 'Rīgas\u0000'])
      expect(onlyProblem(TYPE, change({ institutionName: value }), 'institutionName')).toMatch(
        /control characters/,
      );
  });

  it('when a multi-line field holds line breaks, then they are kept (CRLF as LF); other controls are refused', () => {
    const result = validateForm(
      TYPE,
      change({ description: 'Pirmā rinda\r\nOtrā rinda\rTrešā' }),
      OPTIONS,
    );
    expect(result.ok && result.data.description).toBe('Pirmā rinda\nOtrā rinda\nTrešā');
    expect(onlyProblem(TYPE, change({ description: 'Zvans\u0007' }), 'description')).toMatch(
      /only line breaks are allowed/,
    );
  });

  it('when text arrives decomposed (macOS), then it is stored composed', () => {
    const decomposed = 'Ģirts Bērziņš'.normalize('NFD');
    const result = validateForm(TYPE, change({ responsibleName: decomposed }), OPTIONS);
    expect(result.ok && result.data.responsible.name).toBe('Ģirts Bērziņš');
  });

  it('when the language is left empty, then Latvian is assumed; an unknown one is refused', () => {
    const result = validateForm(TYPE, change({ language: undefined }), OPTIONS);
    expect(result.ok && result.data.language).toBe('lv');
    expect(onlyProblem(TYPE, change({ language: 'ru' }), 'language')).toBe(
      'must be one of: lv, en',
    );
  });

  it('when a choice is unanswered or answered with a value the form does not offer, then it is named', () => {
    expect(onlyProblem(TYPE, change({ portalPlacement: '' }), 'portalPlacement')).toMatch(
      /answer yes or no/,
    );
    expect(onlyProblem(TYPE, change({ audience: 'tourists' }), 'audience')).toBe(
      'must be one of: residents, businesses, both',
    );
  });

  it('when a text field holds a check mark, then it is refused as not text', () => {
    expect(onlyProblem(TYPE, change({ eserviceNameLv: true }), 'eserviceNameLv')).toMatch(
      /must be text/,
    );
  });

  it('when many fields are wrong, then all problems are listed at once', () => {
    const problems = problemsOf(
      TYPE,
      change({
        institutionRegNo: '123',
        responsibleEmail: 'nav',
        'vissComponents.authentication': false,
        'vissComponents.eAddress': false,
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'institutionRegNo',
      'responsibleEmail',
      'vissComponents',
    ]);
  });

  it('when the caller passes a malformed today, then that is a bug and throws', () => {
    expect(() => validateForm(TYPE, GOOD[TYPE], { today: '02.03.2026' })).toThrow(RangeError);
  });
});
