import type { AuditRecord, AuditThresholds } from './ports.js';

/**
 * P2 step 2 for a web service used inside VISS: what its audit records from the test environment
 * show (volume, error rate, distinct consumers, period covered), judged against the configured
 * thresholds. The summary goes into the acceptance test act; each failed threshold is a
 * nonconformity in plain words.
 */
export interface AuditSummary {
  calls: number;
  errors: number;
  errorRate: number;
  consumers: number;
  from: string | null;
  to: string | null;
  periodDays: number;
}

export interface AuditAnalysis {
  summary: AuditSummary;
  problems: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function analyseAuditRecords(
  records: readonly AuditRecord[],
  thresholds: AuditThresholds,
): AuditAnalysis {
  const times = records.map((r) => r.at.getTime()).sort((a, b) => a - b);
  const errors = records.filter((r) => !r.ok).length;
  const first = times[0];
  const last = times[times.length - 1];
  const summary: AuditSummary = {
    calls: records.length,
    errors,
    errorRate: records.length ? errors / records.length : 0,
    consumers: new Set(records.map((r) => r.consumer)).size,
    from: first === undefined ? null : new Date(first).toISOString(),
    to: last === undefined ? null : new Date(last).toISOString(),
    periodDays: first === undefined || last === undefined ? 0 : (last - first) / DAY_MS,
  };
  const problems: string[] = [];
  if (summary.calls < thresholds.minCalls)
    problems.push(
      `the test environment's audit records show ${summary.calls} calls; at least ${thresholds.minCalls} are needed`,
    );
  if (summary.calls > 0 && summary.errorRate > thresholds.maxErrorRate)
    problems.push(
      `${percent(summary.errorRate)} of the calls failed; at most ${percent(thresholds.maxErrorRate)} is allowed`,
    );
  if (summary.consumers < thresholds.minConsumers)
    problems.push(
      `the service was called by ${summary.consumers} consumers; at least ${thresholds.minConsumers} are needed`,
    );
  if (summary.periodDays < thresholds.minPeriodDays)
    problems.push(
      `the audit records cover ${summary.periodDays.toFixed(1)} days; at least ${thresholds.minPeriodDays} are needed`,
    );
  return { summary, problems };
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
