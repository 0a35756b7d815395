import { describe, expect, it } from 'vitest';
import { validateForm } from '../../../src/forms/index.js';
import { GOOD, OPTIONS, withValues } from './support/good-values.js';
import { onlyProblem } from './support/expect-problems.js';

const TYPE = 'api-manager';
const change = (changes: Record<string, string | boolean | undefined>) => withValues(TYPE, changes);

describe('api-manager schema', () => {
  it('when every field is filled correctly, then the form passes with typed data', () => {
    const result = validateForm(TYPE, GOOD[TYPE], OPTIONS);
    expect(result.ok && result.data).toMatchObject({
      apiVersion: '1.2',
      specificationRef: { kind: 'url', value: 'https://api.riga.example/buvatlaujas/openapi.yaml' },
      publisher: {
        name: 'Līga Ozoliņa',
        email: 'liga.ozolina@riga.example',
        phone: '+49301234567',
      },
      environment: 'test',
    });
  });

  it.each(['1', '1.2', '1.2.3'])('when the API version is %s, then it is accepted', (version) => {
    expect(validateForm(TYPE, change({ apiVersion: version }), OPTIONS).ok).toBe(true);
  });

  it.each(['v1', '1.2.3.4', '1.', '1.x'])(
    'when the API version is %s, then it is refused',
    (version) => {
      expect(onlyProblem(TYPE, change({ apiVersion: version }), 'apiVersion')).toBe(
        'must be a version such as 1, 1.2 or 1.2.3',
      );
    },
  );

  it('when the specification is an attached file name, then it is accepted as a file reference', () => {
    const result = validateForm(
      TYPE,
      change({ specificationRef: 'buvatlaujas openapi.yaml' }),
      OPTIONS,
    );
    expect(result.ok && result.data.specificationRef).toEqual({
      kind: 'file-name',
      value: 'buvatlaujas openapi.yaml',
    });
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'specs/api.yaml', 'api', 'https://'])(
    'when the specification is %s, then it is refused',
    (ref) => {
      expect(onlyProblem(TYPE, change({ specificationRef: ref }), 'specificationRef')).toMatch(
        /web address or the name of an attached file/,
      );
    },
  );

  it('when the environment is not chosen, then it is required (no default here)', () => {
    expect(onlyProblem(TYPE, change({ environment: undefined }), 'environment')).toBe(
      'is required',
    );
  });

  it('when the publisher phone or e-mail is malformed, then that field is named', () => {
    expect(onlyProblem(TYPE, change({ publisherPhone: '+371 2' }), 'publisherPhone')).toMatch(
      /\+371/,
    );
    expect(onlyProblem(TYPE, change({ publisherEmail: 'liga@' }), 'publisherEmail')).toMatch(
      /e-mail/,
    );
  });

  it('when the identifier is malformed, then it is named', () => {
    expect(onlyProblem(TYPE, change({ eserviceId: 'EP-26-00042' }), 'eserviceId')).toMatch(
      /EP-2026-00042/,
    );
  });
});
