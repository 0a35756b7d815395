import type { VerificationReport } from '../report.js';

/** The terminal form of a report: one block per document, one line per signature, then reasons. */
export function renderText(report: VerificationReport): string {
  const lines: string[] = [];
  lines.push(
    `Verification at ${report.validationTime}${report.offline ? ' (offline)' : ''}, policy ${report.policy.name}`,
  );
  for (const doc of report.documents) {
    lines.push('');
    lines.push(
      `${doc.accepted ? 'ACCEPTED' : 'NOT ACCEPTED'}  ${doc.file}  [${doc.format}, ${doc.size} bytes, sha256 ${doc.sha256.slice(0, 16)}…]`,
    );
    for (const s of doc.signatures) {
      const who = s.signer ? (s.signer.commonName ?? s.signer.subject) : '(unknown signer)';
      lines.push(
        `  ${s.id}: ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}  ${s.kind} ${s.level ?? '-'}  ${s.qualification}  ${who}` +
          `  time ${s.bestSignatureTime}${s.timestamps.some((t) => t.kind === 'signature' && t.valid) ? ' (time-stamped)' : ''}`,
      );
      for (const e of s.errors) lines.push(`      error: ${e}`);
      for (const w of s.warnings.slice(0, 5)) lines.push(`      warning: ${w}`);
    }
    for (const c of doc.checks.filter((c) => c.status === 'failed' || c.status === 'warning'))
      lines.push(`  ${c.status}: ${c.name}: ${c.detail}`);
    for (const r of doc.reasons) lines.push(`  reason: ${r}`);
  }
  return `${lines.join('\n')}\n`;
}
