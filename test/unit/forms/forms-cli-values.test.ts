import { describe, expect, it } from 'vitest';
import { valuesFromJson } from '../../../src/cli/commands/forms.js';
import { isAppError } from '../../../src/errors/index.js';

describe('intake forms fill: the JSON data file', () => {
  it('when access-rights data lists people, then they fill the table rows in order', () => {
    const values = valuesFromJson('access-rights', {
      eserviceId: 'EP-2026-00042',
      people: [
        { name: 'Jānis', role: 'developer' },
        { name: 'Anna', role: 'tester' },
      ],
    });
    expect(values).toEqual({
      eserviceId: 'EP-2026-00042',
      'person1.name': 'Jānis',
      'person1.role': 'developer',
      'person2.name': 'Anna',
      'person2.role': 'tester',
    });
  });

  it.each([
    ['a list', ['x']],
    ['a number value', { apiName: 3 }],
    ['people for another form', { people: [] }],
    ['eleven people', { people: Array.from({ length: 11 }, () => ({ name: 'X' })) }],
  ])('when the data is %s, then it is a usage error', (_, data) => {
    const type = _ === 'eleven people' ? 'access-rights' : 'api-manager';
    let thrown: unknown;
    try {
      valuesFromJson(type, data);
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown, 'CLI_USAGE')).toBe(true);
  });
});
