import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskPersonalCodes, redactValue } from '../../adapters/redact.js';
import { AppError } from '../../errors/index.js';
import { normaliseSerial, toCsv, toJson } from '../../responses/reports/index.js';
import { INDICATIONS } from '../../signature/report.js';
import {
  countSignatureReports,
  listSignatureReports,
  loadDocumentReport,
  signatureReportTotals,
  type SignatureReportFilter,
} from '../../store/signature-reports.js';
import { COMPLIANCE, REPORT_READERS, SEES_PERSONAL_CODES } from '../auth/access.js';
import type { DashboardDeps, StaffActions } from '../dashboard-deps.js';
import { html } from '../html.js';
import { allowInlineStyleHash } from '../security-headers.js';
import { table, when } from '../views/layout.js';
import { pager } from '../views/pager.js';
import { pageNumber, sendPage, staffOf, text } from './common.js';

const PAGE_SIZE = 100;
const DAY_MS = 86_400_000;

interface PeriodFilter {
  filter: SignatureReportFilter & { from: Date; to: Date };
  form: Record<string, string>;
  problem?: string;
}

/** The period and filters of the report from the query; the last 30 days by default. */
function filterOf(
  request: FastifyRequest,
  now: Date,
  periodBound: StaffActions['periodBound'],
): PeriodFilter {
  const q = request.query;
  const form: Record<string, string> = {};
  for (const name of [
    'from',
    'to',
    'indication',
    'verdict',
    'institution',
    'formType',
    'signer',
    'serial',
    'sha256',
  ]) {
    const value = text(q, name, 200);
    if (value !== undefined) form[name] = value;
  }
  let problem: string | undefined;
  let from = new Date(now.getTime() - 30 * DAY_MS);
  let to = new Date(now.getTime() + 60_000);
  try {
    if (form['from']) from = periodBound(form['from'], 'from');
    if (form['to']) to = periodBound(form['to'], 'to');
  } catch (error) {
    problem = error instanceof Error ? error.message.replace(/--/g, '') : String(error);
  }
  const serial = form['serial'];
  if (serial !== undefined && normaliseSerial(serial) === null)
    problem = `${serial} is not a hexadecimal serial number`;
  const sha256 = form['sha256']?.toLowerCase();
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256))
    problem = 'a SHA-256 is 64 hexadecimal characters';
  const filter: SignatureReportFilter & { from: Date; to: Date } = {
    from,
    to,
    ...(form['indication'] ? { indication: form['indication'] } : {}),
    ...(form['verdict'] === 'accepted' ? { accepted: true } : {}),
    ...(form['verdict'] === 'refused' ? { accepted: false } : {}),
    ...(form['institution'] ? { institution: form['institution'] } : {}),
    ...(form['formType'] ? { formType: form['formType'] } : {}),
    ...(form['signer'] ? { signer: form['signer'] } : {}),
    ...(serial && !problem ? { certificateSerial: serial } : {}),
  };
  // "Was this exact file accepted, and when?": a hash search looks at all time.
  if (sha256 && !problem) {
    filter.sha256 = sha256;
    filter.from = new Date(0);
    filter.to = new Date(now.getTime() + 60_000);
  }
  return problem === undefined ? { filter, form } : { filter, form, problem };
}

function query(form: Record<string, string>): string {
  return new URLSearchParams(form).toString();
}

const seesPersonalCodes = (role: string): boolean =>
  (SEES_PERSONAL_CODES as readonly string[]).includes(role);

function mask(role: string, value: string): string {
  return seesPersonalCodes(role) ? value : maskPersonalCodes(value);
}

async function documentOr404(deps: DashboardDeps, request: FastifyRequest) {
  const { id } = request.params as { id: string };
  if (!/^\d{1,18}$/.test(id)) throw new AppError('RECORD_NOT_FOUND', 'no such document');
  const found = await loadDocumentReport(deps.db, id);
  if (!found) throw new AppError('RECORD_NOT_FOUND', `document ${id} has no verification report`);
  return found;
}

function attachment(reply: FastifyReply, filename: string, type: string): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${filename}"`);
}

/**
 * Compliance: every verified document of a period with its verdict, totals by indication and by
 * reason, exports, search by signer, certificate serial or SHA-256; each document's report as the
 * verifier's page, as JSON, and as a PDF sealed by the agency.
 */
export function registerReportPages(app: FastifyInstance, deps: DashboardDeps): void {
  const now = () => (deps.now ?? (() => new Date()))();

  app.get('/reports/signatures', { config: { access: REPORT_READERS } }, async (request, reply) => {
    const staff = staffOf(request);
    const { filter, form, problem } = filterOf(request, now(), deps.actions.periodBound);
    const pageNo = pageNumber(request.query);
    const [rows, total, totals] = problem
      ? [[], 0, undefined]
      : await Promise.all([
          listSignatureReports(deps.db, {
            ...filter,
            limit: PAGE_SIZE,
            offset: (pageNo - 1) * PAGE_SIZE,
          }),
          countSignatureReports(deps.db, filter),
          signatureReportTotals(deps.db, filter),
        ]);
    const qs = query(form);
    const role = staff.user.role;
    return sendPage(request, reply, {
      title: 'Signature reports',
      current: '/reports/signatures',
      body: html`<h1>Signature reports</h1>
        <form method="get" action="/reports/signatures" class="filters" role="search">
          <label>From <input name="from" type="date" value="${form['from'] ?? ''}" /></label>
          <label>To <input name="to" type="date" value="${form['to'] ?? ''}" /></label>
          <label
            >Indication
            <select name="indication">
              <option value="">any</option>
              ${INDICATIONS.map(
                (i) =>
                  html`<option value="${i}" ${form['indication'] === i ? html`selected` : ''}>
                    ${i}
                  </option>`,
              )}
            </select></label
          >
          <label
            >Verdict
            <select name="verdict">
              <option value="">any</option>
              <option value="accepted" ${form['verdict'] === 'accepted' ? html`selected` : ''}>
                accepted
              </option>
              <option value="refused" ${form['verdict'] === 'refused' ? html`selected` : ''}>
                refused
              </option>
            </select></label
          >
          <label
            >Institution <input name="institution" value="${form['institution'] ?? ''}"
          /></label>
          <label>Form type <input name="formType" value="${form['formType'] ?? ''}" /></label>
          <label>Signer <input name="signer" value="${form['signer'] ?? ''}" /></label>
          <label
            >Certificate serial (hex) <input name="serial" value="${form['serial'] ?? ''}"
          /></label>
          <label
            >Document SHA-256 <input name="sha256" size="20" value="${form['sha256'] ?? ''}"
          /></label>
          <button type="submit">Show</button>
        </form>
        ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
        <p>
          Period ${when(filter.from)} – ${when(filter.to)} (UTC).
          <a href="/reports/signatures.csv?${qs}" download>Export CSV</a> ·
          <a href="/reports/signatures.json?${qs}" download>Export JSON</a>
        </p>
        ${
          totals
            ? html`<div class="cards">
                  <div class="card">
                    <div class="big">${totals.total}</div>
                    documents
                  </div>
                  <div class="card">
                    <div class="big ok">${totals.accepted}</div>
                    accepted
                  </div>
                  <div class="card">
                    <div class="big bad">${totals.refused}</div>
                    refused
                  </div>
                </div>
                ${table(
                  'Totals by indication',
                  ['Indication', 'Documents'],
                  Object.entries(totals.byIndication).map(([k, v]) => [k, v]),
                  'none.',
                )}
                ${table(
                  'Totals by reason of refusal',
                  ['Reason', 'Documents'],
                  Object.entries(totals.byReason)
                    .sort((a, b) => b[1] - a[1])
                    .map(([k, v]) => [mask(role, k), v]),
                  'no refusals.',
                )}`
            : ''
        }
        ${table(
          `Documents (${total})`,
          [
            'Verified',
            'Institution',
            'Form',
            'Signer',
            'Qualification',
            'Level',
            'Indication',
            'Verdict',
            'Time-stamp',
            'Revocation',
            'Report',
          ],
          rows.map((r) => [
            when(r.verifiedAt),
            [r.institutionName, r.institutionRegNo].filter(Boolean).join(', ') || '—',
            r.formType ?? '—',
            r.signer ? mask(role, r.signer) : '—',
            r.qualification ?? '—',
            r.level ?? '—',
            `${r.indication ?? '—'}${r.subIndication ? ` / ${r.subIndication}` : ''}`,
            html`<span class="${r.accepted ? 'ok' : 'bad'}"
              >${r.accepted ? 'accepted' : 'refused'}</span
            >`,
            r.timestampTime ?? '—',
            r.revocationSource ?? '—',
            html`<a href="/documents/${r.documentId}/report">open</a>`,
          ]),
          'no verified documents match.',
        )}
        ${pager(request, pageNo, PAGE_SIZE, total)}`,
    });
  });

  for (const format of ['csv', 'json'] as const)
    app.get(
      `/reports/signatures.${format}`,
      { config: { access: REPORT_READERS } },
      async (request, reply) => {
        const staff = staffOf(request);
        const { filter, problem } = filterOf(request, now(), deps.actions.periodBound);
        if (problem) return reply.code(400).send(problem);
        const rows = await deps.actions.signatureRows(filter);
        const shown = seesPersonalCodes(staff.user.role)
          ? rows
          : (redactValue(rows) as typeof rows);
        const stamp = `${filter.from.toISOString().slice(0, 10)}_${filter.to.toISOString().slice(0, 10)}`;
        if (format === 'csv')
          return attachment(reply, `signatures_${stamp}.csv`, 'text/csv; charset=utf-8').send(
            toCsv(shown),
          );
        const totals = await signatureReportTotals(deps.db, filter);
        return attachment(
          reply,
          `signatures_${stamp}.json`,
          'application/json; charset=utf-8',
        ).send(toJson(shown, totals, { from: filter.from, to: filter.to }));
      },
    );

  app.get('/documents/:id/report', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = staffOf(request);
    const { row, report } = await documentOr404(deps, request);
    const role = staff.user.role;
    return sendPage(request, reply, {
      title: `Report of document ${row.documentId}`,
      current: role === 'operator' ? '/cases' : '/reports/signatures',
      body: html`<h1>Signature report: ${row.filename}</h1>
        <p class="${report.accepted ? 'ok' : 'bad'}">
          ${report.accepted ? 'ACCEPTED' : 'NOT ACCEPTED'} by the intake policy
        </p>
        ${
          report.reasons.length
            ? html`<ul>
                ${report.reasons.map((r) => html`<li>${mask(role, r)}</li>`)}
              </ul>`
            : ''
        }
        <dl class="facts">
          <dt>Document</dt>
          <dd>${row.filename}, ${row.size} bytes, ${row.format}</dd>
          <dt>SHA-256</dt>
          <dd><code>${row.sha256}</code></dd>
          <dt>Received</dt>
          <dd>${when(row.receivedAt)} from ${row.sender ?? '—'} (${row.mailbox})</dd>
          <dt>Verified</dt>
          <dd>${when(row.verifiedAt)}</dd>
          <dt>Case</dt>
          <dd>
            ${row.caseNumber ? html`<a href="/cases/${row.caseNumber}">${row.caseNumber}</a>` : '—'}
          </dd>
        </dl>
        <p>
          <a href="/documents/${row.documentId}/report.html">Full validation report (HTML)</a> ·
          <a href="/documents/${row.documentId}/report.json">JSON</a>
          ${
            role === 'compliance' && deps.actions.reportPdf
              ? html` ·
                  <a href="/documents/${row.documentId}/report.pdf">PDF sealed by the agency</a>`
              : ''
          }
        </p>
        ${table(
          'Signatures',
          [
            'Signature',
            'Signer',
            'Qualification',
            'Level',
            'Indication',
            'Time-stamp',
            'Revocation',
            'Coverage',
          ],
          report.signatures.map((s) => [
            `${s.id} (${s.kind})`,
            mask(role, s.signer?.subject ?? 'unknown'),
            s.qualification,
            s.level ?? '—',
            html`<span
              class="${
                s.indication === 'TOTAL_PASSED'
                  ? 'ok'
                  : s.indication === 'TOTAL_FAILED'
                    ? 'bad'
                    : 'warn'
              }"
              >${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}</span
            >`,
            s.timestamps.find((t) => t.kind === 'signature' && t.valid)?.genTime ?? '—',
            s.revocation
              ? `${s.revocation.status}${s.revocation.source ? ` (${s.revocation.source})` : ''}`
              : '—',
            s.coverage.verdict,
          ]),
          'no signatures found.',
        )}`,
    });
  });

  app.get('/documents/:id/report.html', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = staffOf(request);
    const found = await documentOr404(deps, request);
    const page = mask(staff.user.role, deps.actions.reportText(found, 'html'));
    // The verifier's page is standalone with one inline style: allow exactly that style.
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    allowInlineStyleHash(reply, createHash('sha256').update(style).digest('base64'));
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.get('/documents/:id/report.json', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = staffOf(request);
    const found = await documentOr404(deps, request);
    const json = deps.actions.reportText(found, 'json');
    const shown = seesPersonalCodes(staff.user.role)
      ? json
      : `${JSON.stringify(redactValue(JSON.parse(json)), null, 2)}\n`;
    return attachment(
      reply,
      `report-${found.row.documentId}.json`,
      'application/json; charset=utf-8',
    ).send(shown);
  });

  app.get(
    '/documents/:id/report.pdf',
    { config: { access: COMPLIANCE } },
    async (request, reply) => {
      const found = await documentOr404(deps, request);
      if (!deps.actions.reportPdf) return reply.code(503).send('the agency seal is not configured');
      const pdf = await deps.actions.reportPdf(found);
      return attachment(reply, `report-${found.row.documentId}.pdf`, 'application/pdf').send(
        Buffer.from(pdf),
      );
    },
  );
}
