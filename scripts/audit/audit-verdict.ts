/**
 * Reads `npm audit --json` (report version 2) for the production tree and decides: every high
 * or critical advisory must be fixed or carry a written exception. Pure: JSON and exceptions in,
 * verdict out, so the rule is unit-tested without the network.
 */

export interface AuditException {
  /** Advisory URL or GHSA id as npm audit names it. */
  advisory: string;
  package: string;
  /** Why it does not reach this service, in plain words; reviewed by a person. */
  reason: string;
  /** ISO date after which the exception must be looked at again. */
  reviewBy: string;
}

export interface Finding {
  package: string;
  severity: string;
  advisory: string;
  title: string;
  range: string;
  exception?: AuditException;
}

export type AuditVerdict =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'checked'; findings: Finding[]; unexplained: Finding[]; expired: Finding[] };

const BLOCKING = new Set(['high', 'critical']);

interface Via {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
  range?: string;
}

/** `json`: what `npm audit --omit=dev --json` printed; `now` decides expired exceptions. */
export function auditVerdict(
  json: string,
  exceptions: readonly AuditException[],
  now: Date,
): AuditVerdict {
  let report: {
    auditReportVersion?: number;
    vulnerabilities?: Record<string, { via?: Array<Via | string> }>;
    statusCode?: number;
    message?: string;
    error?: { summary?: string; code?: string };
  };
  try {
    report = JSON.parse(json) as typeof report;
  } catch {
    return { kind: 'unreachable', detail: 'npm audit printed no JSON report' };
  }
  if (report === null || typeof report !== 'object')
    return { kind: 'unreachable', detail: 'npm audit printed no JSON report' };
  if (report.auditReportVersion !== 2 || !report.vulnerabilities)
    return {
      kind: 'unreachable',
      detail:
        report.message ??
        report.error?.summary ??
        report.error?.code ??
        `no audit report (HTTP ${report.statusCode ?? 'unknown'})`,
    };
  const findings: Finding[] = [];
  for (const [name, entry] of Object.entries(report.vulnerabilities)) {
    for (const via of entry.via ?? []) {
      // A string names the dependency that carries the advisory; that one is listed itself.
      if (typeof via === 'string' || !via.severity || !BLOCKING.has(via.severity)) continue;
      const advisory = via.url ?? String(via.source ?? '');
      const exception = exceptions.find(
        (e) => e.package === (via.name ?? name) && advisoryMatches(e.advisory, advisory),
      );
      findings.push({
        package: via.name ?? name,
        severity: via.severity,
        advisory,
        title: via.title ?? '',
        range: via.range ?? '',
        ...(exception ? { exception } : {}),
      });
    }
  }
  const unique = [...new Map(findings.map((f) => [`${f.package} ${f.advisory}`, f])).values()];
  return {
    kind: 'checked',
    findings: unique,
    unexplained: unique.filter((f) => !f.exception),
    expired: unique.filter((f) => f.exception && new Date(f.exception.reviewBy) < now),
  };
}

/** An exception may name the full advisory URL or only its GHSA id. */
function advisoryMatches(named: string, advisory: string): boolean {
  return named === advisory || (named.startsWith('GHSA-') && advisory.endsWith(`/${named}`));
}
