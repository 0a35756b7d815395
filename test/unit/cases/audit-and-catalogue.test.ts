import { describe, expect, it } from 'vitest';
import { analyseAuditRecords } from '../../../src/cases/analyse-audit-records.js';
import { checkAgainstCatalogue } from '../../../src/cases/check-against-catalogue.js';

const thresholds = { minCalls: 10, maxErrorRate: 0.1, minConsumers: 2, minPeriodDays: 7 };
const day = 24 * 60 * 60 * 1000;
const records = (n: number, failing: number, consumers: number, days: number) =>
  Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1) + (i * days * day) / Math.max(1, n - 1)),
    consumer: `c${i % consumers}`,
    operation: 'get',
    ok: i >= failing,
  }));

describe('audit records of a web service used inside VISS', () => {
  it('enough calls from enough consumers over enough days with few errors pass', () => {
    const { summary, problems } = analyseAuditRecords(records(20, 1, 3, 10), thresholds);
    expect(problems).toEqual([]);
    expect(summary).toMatchObject({ calls: 20, errors: 1, consumers: 3, periodDays: 10 });
  });

  it('each shortfall is its own nonconformity in plain words', () => {
    const { problems } = analyseAuditRecords(records(5, 3, 1, 2), thresholds);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/5 calls; at least 10/);
    expect(problems.join('\n')).toMatch(/60\.0% of the calls failed/);
    expect(problems.join('\n')).toMatch(/1 consumers; at least 2/);
    expect(problems.join('\n')).toMatch(/2\.0 days; at least 7/);
  });

  it('no records at all fail without dividing by zero', () => {
    const { summary, problems } = analyseAuditRecords([], thresholds);
    expect(summary.errorRate).toBe(0);
    expect(problems.length).toBeGreaterThan(0);
  });
});

describe('a production request against the test-environment IS catalogue', () => {
  const request = {
    testCatalogueId: 'TP-001',
    webServiceName: 'Adrešu  meklēšana',
    webServiceVersion: '1.2',
    institutionRegNo: '90000000001',
  };
  const entry = {
    identifier: 'TP-001',
    name: 'adrešu meklēšana',
    version: '1.2',
    institutionRegNo: '90000000001',
    details: {},
  };

  it('the same name (ignoring case and spacing) and version conform', () => {
    expect(checkAgainstCatalogue(request, entry)).toEqual([]);
  });

  it('a missing entry, another version, another name or institution are each named', () => {
    expect(checkAgainstCatalogue(request, undefined)).toEqual([
      'TP-001 is not in the test-environment IS catalogue',
    ]);
    const problems = checkAgainstCatalogue(request, {
      ...entry,
      name: 'Cits',
      version: '2.0',
      institutionRegNo: '90000000002',
    });
    expect(problems).toHaveLength(3);
  });
});
