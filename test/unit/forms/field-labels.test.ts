import { describe, expect, it } from 'vitest';
import { fieldLabels, FORM_TYPES } from '../../../src/forms/index.js';
import { GOOD } from './support/good-values.js';

describe('fieldLabels', () => {
  it.each(FORM_TYPES)(
    'when a letter names a %s field, then it has a Latvian label for it',
    (type) => {
      const labels = fieldLabels(type);
      for (const name of Object.keys(GOOD[type])) expect(labels[name], name).toBeTruthy();
    },
  );

  it('when the schema names group fields and table cells, then the template has them too', () => {
    expect(fieldLabels('eservice-registration')).toMatchObject({
      'vissComponents.other': 'Atzīmējiet vismaz vienu: Cita',
      'vissComponents.otherText': 'Cita komponente',
      plannedLaunchDate: 'Plānotais ieviešanas datums',
    });
    expect(fieldLabels('access-rights')['person10.validUntil']).toBe('Derīga līdz (10. rinda)');
    expect(fieldLabels('acceptance-act')['institutionSignature']).toBe('Iestādes paraksts');
  });
});
