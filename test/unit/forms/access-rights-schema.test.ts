import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTIFIER_PATTERN, validateForm } from '../../../src/forms/index.js';
import { GOOD, OPTIONS, withValues } from './support/good-values.js';
import { onlyProblem, problemsOf } from './support/expect-problems.js';

const TYPE = 'access-rights';
const change = (changes: Record<string, string | boolean | undefined>) => withValues(TYPE, changes);
const ROW_1 = ['name', 'surname', 'email', 'organisation', 'role', 'validUntil'].map(
  (c) => `person1.${c}`,
);
const ROW_3 = ROW_1.map((name) => name.replace('person1', 'person3'));
const without = (names: string[]) => Object.fromEntries(names.map((name) => [name, undefined]));

describe('access-rights schema', () => {
  it('when two people are listed with a gap between them, then both pass in table order', () => {
    const result = validateForm(TYPE, GOOD[TYPE], OPTIONS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.people).toEqual([
      {
        row: 1,
        name: 'Jānis',
        surname: 'Kalniņš',
        email: 'janis.kalnins@izstrade.example',
        organisation: 'SIA Izstrāde',
        role: 'developer',
        validUntil: '2027-12-31',
      },
      expect.objectContaining({ row: 3, name: 'Anna', role: 'tester' }),
    ]);
    expect(result.data).toMatchObject({
      eserviceId: 'EP-2026-00042',
      environment: 'test',
      language: 'en',
    });
  });

  it('when the environment is left empty, then the test environment is assumed', () => {
    const result = validateForm(TYPE, change({ environment: undefined }), OPTIONS);
    expect(result.ok && result.data.environment).toBe('test');
  });

  it('when no row is filled, then the table is named', () => {
    expect(onlyProblem(TYPE, change(without([...ROW_1, ...ROW_3])), 'people')).toBe(
      'list at least one person',
    );
  });

  it('when a row is only partly filled, then the row is named with what is missing', () => {
    const message = onlyProblem(
      TYPE,
      change({ 'person2.name': 'Pēteris', 'person2.email': 'peteris@riga.example' }),
      'person2',
    );
    expect(message).toBe(
      'row 2 is only partly filled: missing surname, organisation, role, validUntil',
    );
  });

  it('when a role is not developer or tester, then that cell is named', () => {
    expect(onlyProblem(TYPE, change({ 'person3.role': 'admin' }), 'person3.role')).toBe(
      'must be one of: developer, tester',
    );
  });

  it('when access would end in the past or more than three years ahead, then that cell is named', () => {
    expect(
      onlyProblem(TYPE, change({ 'person1.validUntil': '2026-03-01' }), 'person1.validUntil'),
    ).toBe('must not be in the past (today is 2026-03-02)');
    expect(
      onlyProblem(TYPE, change({ 'person1.validUntil': '2029-03-03' }), 'person1.validUntil'),
    ).toBe('must be at most 3 years ahead, i.e. 2029-03-02 or earlier');
    expect(validateForm(TYPE, change({ 'person1.validUntil': '2029-03-02' }), OPTIONS).ok).toBe(
      true,
    );
  });

  it('when today is 29 February, then three years ahead ends on 28 February', () => {
    const values = change({
      'person1.validUntil': '2031-03-01',
      'person3.validUntil': '2030-01-01',
    });
    expect(onlyProblem(TYPE, values, 'person1.validUntil', { today: '2028-02-29' })).toMatch(
      /2031-02-28/,
    );
  });

  it('when the same e-mail address is listed twice with the same role, then the later row is named', () => {
    const values = change({
      'person3.email': 'JANIS.KALNINS@izstrade.example',
      'person3.role': 'developer',
    });
    expect(onlyProblem(TYPE, values, 'person3')).toBe(
      'repeats row 1: the same e-mail address with the same role',
    );
    expect(
      validateForm(TYPE, change({ 'person3.email': 'janis.kalnins@izstrade.example' }), OPTIONS).ok,
    ).toBe(true);
  });

  it('when a cell is malformed, then the cell is named and the row is not reported as partial', () => {
    expect(onlyProblem(TYPE, change({ 'person1.email': 'janis' }), 'person1.email')).toMatch(
      /e-mail/,
    );
  });

  it('when a row is partial and has a bad cell, then both are listed', () => {
    const problems = problemsOf(
      TYPE,
      change({ 'person1.role': 'boss', 'person1.surname': undefined }),
    );
    expect(problems.map((p) => p.field)).toEqual(['person1', 'person1.role']);
  });

  it.each(['EP-2026-42', 'ep-2026-00042', 'EPXXXX-2026-00042', 'EP 2026 00042'])(
    'when the e-service identifier is %s, then it is refused',
    (id) => {
      expect(onlyProblem(TYPE, change({ eserviceId: id }), 'eserviceId')).toBe(
        'must be an e-service identifier such as EP-2026-00042',
      );
    },
  );

  it('when the agency configures another identifier format, then that format applies', () => {
    const options = { ...OPTIONS, identifierPattern: /^VISS\/\d+$/g };
    // A /g pattern must work for every call, not every second one.
    for (let i = 0; i < 3; i += 1)
      expect(validateForm(TYPE, change({ eserviceId: 'VISS/42' }), options).ok).toBe(true);
    expect(onlyProblem(TYPE, GOOD[TYPE], 'eserviceId', options)).toBe(
      'must be an e-service identifier matching ^VISS\\/\\d+$',
    );
    expect(DEFAULT_IDENTIFIER_PATTERN.test('EP-2026-00042')).toBe(true);
  });

  it('when the registration number is wrong, then it is named', () => {
    expect(onlyProblem(TYPE, change({ institutionRegNo: '4000300' }), 'institutionRegNo')).toMatch(
      /11 digits/,
    );
  });
});
