import { describe, expect, it } from 'vitest';
import { validateForm } from '../../../src/forms/index.js';
import { GOOD, OPTIONS, withValues } from './support/good-values.js';
import { onlyProblem } from './support/expect-problems.js';

const TYPE = 'production-request';
const change = (changes: Record<string, string | boolean | undefined>) => withValues(TYPE, changes);

describe('production-request schema', () => {
  it('when every field is filled correctly, then the form passes with typed data', () => {
    const result = validateForm(TYPE, GOOD[TYPE], OPTIONS);
    expect(result.ok && result.data).toMatchObject({
      usedInViss: true,
      vissUse: 'dataExchange',
      deployToProduction: true,
      contact: { name: 'Pēteris Sīlis', phone: '+37167000003' },
      descriptionFileName: 'adreses.wsdl',
    });
  });

  it('when the service is used in VISS but the use is not chosen, then the use is named', () => {
    expect(onlyProblem(TYPE, change({ vissUse: undefined }), 'vissUse')).toBe(
      'is required when the web service is used in VISS',
    );
    expect(onlyProblem(TYPE, change({ vissUse: 'portal' }), 'vissUse')).toBe(
      'must be one of: eService, dataExchange, both',
    );
  });

  it('when the service is not used in VISS, then a use left selected is ignored (radio buttons cannot be cleared)', () => {
    const result = validateForm(TYPE, change({ usedInViss: 'no' }), OPTIONS);
    expect(result.ok && result.data.usedInViss).toBe(false);
    expect(result.ok && result.data).not.toHaveProperty('vissUse');
  });

  it('when yes/no questions come as checkboxes, then checked means yes', () => {
    const result = validateForm(
      TYPE,
      change({ usedInViss: true, deployToProduction: false }),
      OPTIONS,
    );
    expect(result.ok && [result.data.usedInViss, result.data.deployToProduction]).toEqual([
      true,
      false,
    ]);
  });

  it('when a yes/no question is unanswered, then it is named', () => {
    expect(onlyProblem(TYPE, change({ deployToProduction: undefined }), 'deployToProduction')).toBe(
      'is required: answer yes or no',
    );
  });

  it('when the catalogue identifier has other characters or is too long, then it is named', () => {
    expect(
      onlyProblem(TYPE, change({ testCatalogueId: 'adrešu meklēšana' }), 'testCatalogueId'),
    ).toMatch(/IS catalogue identifier/);
    expect(
      onlyProblem(TYPE, change({ testCatalogueId: 'a'.repeat(65) }), 'testCatalogueId'),
    ).toMatch(/too long/);
    expect(validateForm(TYPE, change({ testCatalogueId: 'a'.repeat(64) }), OPTIONS).ok).toBe(true);
  });

  it('when the description file name is left out, then the form still passes; a path is refused', () => {
    const result = validateForm(TYPE, change({ descriptionFileName: '' }), OPTIONS);
    expect(result.ok && result.data).not.toHaveProperty('descriptionFileName');
    expect(
      onlyProblem(TYPE, change({ descriptionFileName: 'C:\\docs\\a.pdf' }), 'descriptionFileName'),
    ).toMatch(/no folders/);
  });

  it('when the version label has spaces, then it is named', () => {
    expect(onlyProblem(TYPE, change({ webServiceVersion: '2 1' }), 'webServiceVersion')).toMatch(
      /version label/,
    );
  });
});
