import { describe, expect, it } from 'vitest';
import { agencyDate, agencyYear } from '../../../src/cases/agency-calendar.js';
import { nextCaseNumber } from '../../../src/cases/case-number.js';
import { memoryStore } from './memory-case-store.js';

describe("the agency's calendar", () => {
  // 22:30 UTC on 31 December is already 00:30 on 1 January in Riga (UTC+2 in winter).
  const newYearInRiga = new Date('2026-12-31T22:30:00Z');

  it('a mail that arrives just after midnight in Riga belongs to the new year and the new day', () => {
    expect(agencyYear(newYearInRiga)).toBe(2027);
    expect(agencyDate(newYearInRiga)).toBe('2027-01-01');
    expect(agencyDate(new Date('2026-07-01T20:59:00Z'))).toBe('2026-07-01');
    expect(agencyDate(new Date('2026-07-01T21:00:00Z'))).toBe('2026-07-02');
  });

  it('case numbers follow the Riga year', async () => {
    expect(await nextCaseNumber(memoryStore(), 'P1', newYearInRiga)).toBe('P1-2027-00001');
  });
});
