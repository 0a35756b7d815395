import { describe, expect, it } from 'vitest';
import { auditVerdict, type AuditException } from '../../../scripts/audit/audit-verdict.js';

/** The shape `npm audit --json` prints (report version 2), trimmed to what the verdict reads. */
const report = (vulnerabilities: Record<string, unknown>): string =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });
const advisory = {
  source: 1101,
  name: 'fast-xml-thing',
  title: 'Entity expansion',
  url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
  severity: 'high',
  range: '<2.0.1',
};
const now = new Date('2026-12-05T00:00:00Z');
const exception = (reviewBy: string): AuditException => ({
  advisory: 'GHSA-aaaa-bbbb-cccc',
  package: 'fast-xml-thing',
  reason: 'only reached from a dev tool',
  reviewBy,
});

describe('npm audit verdict', () => {
  it('when the advisory endpoint refuses (405 from a mirror), then the verdict is "not checked", never clean', () => {
    const printed = JSON.stringify({
      message:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(auditVerdict(printed, [], now)).toEqual({
      kind: 'unreachable',
      detail:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(auditVerdict('', [], now).kind).toBe('unreachable');
    expect(auditVerdict('null', [], now).kind).toBe('unreachable');
  });

  it('when a high advisory has no exception, then it is unexplained; moderate and transitive mentions are not counted twice', () => {
    const verdict = auditVerdict(
      report({
        'fast-xml-thing': { via: [advisory, { ...advisory, severity: 'moderate', url: 'x' }] },
        'uses-it': { via: ['fast-xml-thing'] },
      }),
      [],
      now,
    );
    expect(verdict).toMatchObject({
      kind: 'checked',
      findings: [{ package: 'fast-xml-thing', severity: 'high' }],
      unexplained: [{ package: 'fast-xml-thing' }],
      expired: [],
    });
  });

  it('when an exception names the advisory by GHSA id, then it explains it until its review date, and not after', () => {
    const json = report({ 'fast-xml-thing': { via: [advisory] } });
    expect(auditVerdict(json, [exception('2027-03-01')], now)).toMatchObject({
      unexplained: [],
      expired: [],
    });
    expect(auditVerdict(json, [exception('2026-11-01')], now)).toMatchObject({
      unexplained: [],
      expired: [{ package: 'fast-xml-thing' }],
    });
  });

  it('when the tree is clean, then there is nothing to explain', () => {
    expect(auditVerdict(report({}), [], now)).toEqual({
      kind: 'checked',
      findings: [],
      unexplained: [],
      expired: [],
    });
  });
});
