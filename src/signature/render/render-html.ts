import type { Check } from '../check.js';
import type { DocumentReport, SignatureReport, VerificationReport } from '../report.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#111;margin:2rem;max-width:70rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-top:2px solid #333;padding-top:.5rem}
.ok{color:#0a5d1a;font-weight:bold}.bad{color:#a00;font-weight:bold}.ind{color:#8a4b00;font-weight:bold}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.small{font-size:12px}@media print{body{margin:0}}`;

const statusClass = (s: Check['status']): string =>
  s === 'passed' ? 'ok' : s === 'failed' ? 'bad' : s === 'not-applicable' ? '' : 'ind';

function checkRows(checks: readonly Check[]): string {
  return checks
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.name)}</td><td class="${statusClass(c.status)}">${escapeHtml(c.status)}</td><td>${escapeHtml(c.detail)}</td></tr>`,
    )
    .join('');
}

function signatureSection(s: SignatureReport): string {
  const indicationClass =
    s.indication === 'TOTAL_PASSED' ? 'ok' : s.indication === 'TOTAL_FAILED' ? 'bad' : 'ind';
  const rows: Array<[string, string]> = [
    [
      'Indication',
      `<span class="${indicationClass}">${escapeHtml(s.indication)}${s.subIndication ? ` / ${escapeHtml(s.subIndication)}` : ''}</span>`,
    ],
    ['Kind and level', escapeHtml(`${s.kind} ${s.level ?? '—'}`)],
    ['Qualification', escapeHtml(s.qualification)],
    ['Signer', escapeHtml(s.signer?.subject ?? 'unknown')],
    ['Issuer', escapeHtml(s.signer?.issuer ?? '—')],
    ['Claimed signing time', escapeHtml(s.claimedSigningTime ?? '—')],
    ['Proven to exist at', escapeHtml(s.bestSignatureTime)],
    ['Trust anchor', escapeHtml(s.trustAnchor ?? 'none found')],
    [
      'Revocation',
      escapeHtml(
        s.revocation
          ? `${s.revocation.status}${s.revocation.source ? ` (${s.revocation.source}, ${s.revocation.issuedAt ?? ''})` : ''}`
          : '—',
      ),
    ],
    ['Coverage', escapeHtml(`${s.coverage.verdict}: ${s.coverage.detail}`)],
  ];
  const timestamps = s.timestamps
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.kind)}</td><td>${escapeHtml(t.genTime ?? '—')}</td><td>${escapeHtml(t.tsa ?? '—')}</td><td class="${t.valid ? 'ok' : 'bad'}">${t.valid ? 'valid' : 'not valid'}${t.qualified ? ', qualified' : ''}</td></tr>`,
    )
    .join('');
  return `<h3>Signature ${escapeHtml(s.id)}</h3>
<table>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</table>
${s.errors.length ? `<p class="bad">${s.errors.map(escapeHtml).join('<br>')}</p>` : ''}
${timestamps ? `<table><caption>Time-stamps</caption><tr><th>kind</th><th>time</th><th>authority</th><th>result</th></tr>${timestamps}</table>` : ''}
<details><summary>All checks (${s.checks.length})</summary><table class="small"><tr><th>check</th><th>result</th><th>detail</th></tr>${checkRows(s.checks)}</table></details>`;
}

function documentSection(d: DocumentReport): string {
  return `<h2>${escapeHtml(d.file)} — <span class="${d.accepted ? 'ok' : 'bad'}">${d.accepted ? 'ACCEPTED' : 'NOT ACCEPTED'}</span></h2>
<p>${escapeHtml(d.format)}, ${d.size} bytes, SHA-256 <code>${escapeHtml(d.sha256)}</code></p>
${d.reasons.length ? `<ul>${d.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : ''}
${d.checks.length ? `<table class="small"><caption>Document checks</caption>${checkRows(d.checks)}</table>` : ''}
${d.signatures.map(signatureSection).join('\n')}`;
}

/** One self-contained page (no scripts, no external assets) a compliance officer can read and print. */
export function renderHtml(report: VerificationReport): string {
  const p = report.policy;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signature validation report</title><style>${STYLE}</style></head><body>
<h1>Signature validation report</h1>
<p>Validation time ${escapeHtml(report.validationTime)}${report.offline ? ' (offline: no revocation look-ups)' : ''}. Policy <b>${escapeHtml(p.name)}</b>: qualified ${p.requireQualified ? 'required' : 'not required'}, time-stamp ${p.requireTimestamp ? 'required' : 'not required'}, whole document ${p.requireWholeDocument ? 'required' : 'not required'}. Report version ${report.reportVersion}, ${escapeHtml(report.generator)}.</p>
${report.documents.map(documentSection).join('\n')}
</body></html>
`;
}
