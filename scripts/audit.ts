/**
 * `npm run audit:prod`: npm audit over the production tree, where every high or critical
 * advisory must be fixed or explained in security/audit-exceptions.json. Exit 0 when clean (or
 * every finding is explained and not past its review date), 1 when not, 2 when the advisory
 * database cannot be reached: that is "not checked", never "clean".
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditVerdict, type AuditException, type Finding } from './audit/audit-verdict.js';

const root = join(import.meta.dirname, '..');
const exceptions = JSON.parse(
  readFileSync(join(root, 'security', 'audit-exceptions.json'), 'utf8'),
) as AuditException[];
const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
// npm missing or killed: no report at all, which is "not checked" like an unreachable database.
const verdict = run.error
  ? ({ kind: 'unreachable', detail: `npm audit did not run: ${run.error.message}` } as const)
  : auditVerdict(run.stdout ?? '', exceptions, new Date());

const line = (f: Finding): string =>
  `  ${f.severity.padEnd(8)} ${f.package} ${f.range}  ${f.title}  ${f.advisory}${
    f.exception
      ? `\n           exception (review by ${f.exception.reviewBy}): ${f.exception.reason}`
      : ''
  }`;

if (verdict.kind === 'unreachable') {
  console.log(`npm audit: the advisory database could not be reached (${verdict.detail}).`);
  console.log(
    'Production dependencies were NOT checked. Run this where the public registry is reachable.',
  );
  process.exit(2);
}
console.log(
  `npm audit (production tree): ${verdict.findings.length} high/critical finding(s), ${verdict.unexplained.length} unexplained, ${verdict.expired.length} exception(s) past review.`,
);
for (const f of verdict.findings) console.log(line(f));
process.exit(verdict.unexplained.length || verdict.expired.length ? 1 : 0);
