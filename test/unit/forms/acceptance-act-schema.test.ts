import { describe, expect, it } from 'vitest';
import { validateForm } from '../../../src/forms/index.js';
import { GOOD, OPTIONS, withValues } from './support/good-values.js';
import { onlyProblem } from './support/expect-problems.js';

const TYPE = 'acceptance-act';
const change = (changes: Record<string, string | boolean | undefined>) => withValues(TYPE, changes);

describe('acceptance-act schema', () => {
  it('when the act is complete, then it passes whatever day it is read', () => {
    const result = validateForm(TYPE, GOOD[TYPE], { today: '2030-01-01' });
    expect(result.ok && result.data.auditSummary).toContain('\nIzsaukumi: 12034');
  });

  it('when the act number is missing or the date malformed, then the field is named', () => {
    expect(onlyProblem(TYPE, change({ actNumber: '' }), 'actNumber')).toBe('is required');
    expect(onlyProblem(TYPE, change({ date: '1.2.2026' }), 'date', OPTIONS)).toMatch(/YYYY-MM-DD/);
  });
});
