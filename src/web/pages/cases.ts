import type { FastifyInstance } from 'fastify';
import { CASE_STATES, PROCEDURES, type CaseState, type Procedure } from '../../cases/index.js';
import { AppError } from '../../errors/index.js';
import { deadLettersOf, type DeadLetter } from '../../queue/dead-letters.js';
import { caseDetail, listCases, type CaseDetail } from '../../store/dashboard-queries.js';
import type { StaffSession } from '../../store/staff-repository.js';
import { OPERATORS } from '../auth/access.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html, type SafeHtml } from '../html.js';
import { actionButton, csrfField, table, when } from '../views/layout.js';
import { pager } from '../views/pager.js';
import { activeRoster } from './roster.js';
import { pageNumber, redirectWithNotice, sendPage, staffOf, text } from './common.js';

const PAGE_SIZE = 50;
const ALL_STATES = [...new Set(Object.values(CASE_STATES).flat())] as CaseState[];

function indicationClass(accepted: boolean): string {
  return accepted ? 'ok' : 'bad';
}

function caseActions(
  staff: StaffSession,
  detail: CaseDetail,
  dead: readonly DeadLetter[],
  roster: ReadonlyArray<{ name: string; email: string }>,
): SafeHtml {
  if (staff.user.role !== 'operator') return html``;
  const k = detail.case;
  const base = `/cases/${k.number}`;
  return html`<section aria-labelledby="actions-h">
    <h2 id="actions-h">Actions</h2>
    <div class="actions">
      ${
        dead.length > 0
          ? dead.map((d) =>
              actionButton(staff, `${base}/retry`, `Retry the failed ${d.stage} job`, {
                deadLetter: d.id,
              }),
            )
          : ''
      }
      ${
        k.state === 'awaiting-installation'
          ? actionButton(
              staff,
              `${base}/installation-done`,
              'Mark installation done',
              {},
              'Tell the institution the web service is installed in production?',
            )
          : ''
      }
      ${
        k.procedure === 'support' && k.state === 'open'
          ? html`<form method="post" action="${base}/close" class="inline">
              ${csrfField(staff)}
              <label for="close-reason">Reason</label>
              <input id="close-reason" name="reason" required maxlength="500" />
              <button type="submit">Close ticket</button>
            </form>`
          : ''
      }
      ${
        roster.length > 0 && k.procedure !== 'support'
          ? html`<form method="post" action="${base}/reassign" class="inline">
              ${csrfField(staff)}
              <label for="reassign-to">Contact person</label>
              <select id="reassign-to" name="email">
                ${roster.map(
                  (r) =>
                    html`<option
                      value="${r.email}"
                      ${r.name === k.contactPerson ? html`selected` : ''}
                    >
                      ${r.name}
                    </option>`,
                )}
              </select>
              <button type="submit">Reassign</button>
            </form>`
          : ''
      }
    </div>
  </section>`;
}

/** Cases by procedure, step, state and institution; a case's page with its whole history. */
export function registerCasePages(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/cases', { config: { access: 'staff' } }, async (request, reply) => {
    const q = request.query;
    const procedure = text(q, 'procedure') as Procedure | undefined;
    const state = text(q, 'state') as CaseState | undefined;
    const step = Number(text(q, 'step') ?? 'NaN');
    const open = text(q, 'open');
    const filter = {
      procedure: procedure && PROCEDURES.includes(procedure) ? procedure : undefined,
      state: state && ALL_STATES.includes(state) ? state : undefined,
      institution: text(q, 'institution'),
      step: Number.isInteger(step) && step > 0 && step < 10 ? step : undefined,
      open: open === 'yes' ? true : open === 'no' ? false : undefined,
    };
    const pageNo = pageNumber(q);
    const result = await listCases(deps.db, {
      ...filter,
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    return sendPage(request, reply, {
      title: 'Cases',
      current: '/cases',
      body: html`<h1>Cases</h1>
        <form method="get" action="/cases" class="filters" role="search">
          <label
            >Procedure
            <select name="procedure">
              <option value="">any</option>
              ${PROCEDURES.map(
                (p) =>
                  html`<option value="${p}" ${filter.procedure === p ? html`selected` : ''}>
                    ${p}
                  </option>`,
              )}
            </select></label
          >
          <label
            >Step <input name="step" inputmode="numeric" size="3" value="${filter.step ?? ''}"
          /></label>
          <label
            >State
            <select name="state">
              <option value="">any</option>
              ${ALL_STATES.map(
                (s) =>
                  html`<option value="${s}" ${filter.state === s ? html`selected` : ''}>
                    ${s}
                  </option>`,
              )}
            </select></label
          >
          <label
            >Institution <input name="institution" value="${filter.institution ?? ''}"
          /></label>
          <label
            >Open
            <select name="open">
              <option value="">any</option>
              <option value="yes" ${open === 'yes' ? html`selected` : ''}>open</option>
              <option value="no" ${open === 'no' ? html`selected` : ''}>closed</option>
            </select></label
          >
          <button type="submit">Filter</button>
        </form>
        ${table(
          `Cases (${result.total})`,
          ['Case', 'Procedure', 'Step', 'State', 'Institution', 'Title', 'Contact', 'Updated'],
          result.items.map((c) => [
            html`<a href="/cases/${c.number}">${c.number}</a>`,
            c.procedure,
            c.step ?? '—',
            c.state,
            [c.institutionName, c.institutionRegNo].filter(Boolean).join(', ') || '—',
            c.title ?? '—',
            c.contactPerson ?? '—',
            when(c.updatedAt),
          ]),
          'no cases match.',
        )}
        ${pager(request, pageNo, PAGE_SIZE, result.total)}`,
    });
  });

  app.get('/cases/:number', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = staffOf(request);
    const { number } = request.params as { number: string };
    const detail = await caseDetail(deps.db, number);
    if (!detail) throw new AppError('RECORD_NOT_FOUND', `no case ${number}`);
    const k = detail.case;
    let dead: DeadLetter[] = [];
    if (staff.user.role === 'operator')
      dead = deadLettersOf(
        await deps.actions.deadLetters().catch(() => []),
        detail.messages.map((m) => m.id),
        k.id,
      );
    const roster = await activeRoster(deps);
    const operator = staff.user.role === 'operator';
    return sendPage(request, reply, {
      title: `Case ${k.number}`,
      current: '/cases',
      body: html`<h1>Case ${k.number}</h1>
        <dl class="facts">
          <dt>Procedure</dt>
          <dd>${k.procedure}${k.step ? html`, step ${k.step}` : ''}</dd>
          <dt>State</dt>
          <dd><strong>${k.state}</strong></dd>
          <dt>Institution</dt>
          <dd>${[k.institutionName, k.institutionRegNo].filter(Boolean).join(', ') || '—'}</dd>
          <dt>Title</dt>
          <dd>${k.title ?? '—'}</dd>
          <dt>Agency contact</dt>
          <dd>${k.contactPerson ?? '—'}</dd>
          <dt>Answers go to</dt>
          <dd>${k.replyTo ?? '—'} (${k.language})</dd>
          <dt>Opened</dt>
          <dd>${when(k.openedAt)}${k.closedAt ? html`, closed ${when(k.closedAt)}` : ''}</dd>
          ${
            detail.installationTask
              ? html`<dt>Installation</dt>
                  <dd>
                    ${detail.installationTask.state}${
                      detail.installationTask.doneBy
                        ? html` by ${detail.installationTask.doneBy},
                          ${when(detail.installationTask.doneAt)}`
                        : ''
                    }
                  </dd>`
              : ''
          }
          ${
            detail.acceptanceAct
              ? html`<dt>Acceptance act</dt>
                  <dd>
                    ${detail.acceptanceAct.number},
                    ${
                      detail.acceptanceAct.signedDocumentId
                        ? html`signed copy:
                            <a href="/documents/${detail.acceptanceAct.signedDocumentId}/report"
                              >document ${detail.acceptanceAct.signedDocumentId}</a
                            >`
                        : 'not yet signed by the institution'
                    }
                  </dd>`
              : ''
          }
          ${detail.eservices.map(
            (e) =>
              html`<dt>E-service</dt>
                <dd>${e.identifier} — ${e.nameLv}</dd>`,
          )}
        </dl>
        ${caseActions(staff, detail, dead, roster)}
        <h2>Timeline</h2>
        <ol class="timeline">
          ${detail.events.map(
            (e) =>
              html`<li>
                <time datetime="${e.at.toISOString()}">${when(e.at)}</time> —
                <strong>${e.kind}</strong>${e.toState ? html` → ${e.toState}` : ''}
                <span class="muted">(${e.actor})</span>
              </li>`,
          )}
        </ol>
        <h2>Documents and signature reports</h2>
        ${table(
          'Documents',
          ['Received', 'From', 'Subject', 'File', 'Verdict', 'Indication', 'Signer', 'Report'],
          detail.messages.flatMap((m) =>
            m.documents.map((d) => [
              when(m.receivedAt),
              m.from ?? '—',
              m.subject ?? '—',
              d.filename,
              d.verification
                ? html`<span class="${indicationClass(d.verification.accepted)}"
                      >${d.verification.accepted ? 'accepted' : 'refused'}</span
                    >${
                      d.verification.reasons.length
                        ? html`<br /><span class="muted"
                              >${d.verification.reasons.join('; ')}</span
                            >`
                        : ''
                    }`
                : html`<span class="muted">${d.note ?? 'not verified'}</span>`,
              d.verification
                ? `${d.verification.indication ?? '—'}${d.verification.subIndication ? ` / ${d.verification.subIndication}` : ''}`
                : '—',
              d.verification?.signer ?? '—',
              d.verification ? html`<a href="/documents/${d.id}/report">report</a>` : '—',
            ]),
          ),
          'no documents.',
        )}
        <h2>Letters</h2>
        ${table(
          'Answers',
          ['Created', 'Kind', 'To', 'Status', 'Sent', ''],
          detail.letters.map((l) => [
            when(l.createdAt),
            l.kind,
            l.recipient,
            html`<span
                class="${l.status === 'sent' ? 'ok' : l.status === 'pending' || l.status === 'sending' ? '' : 'bad'}"
                >${l.status}</span
              >${l.statusReason ? html`<br /><span class="muted">${l.statusReason}</span>` : ''}`,
            when(l.sentAt),
            operator && ['held', 'failed', 'unconfirmed'].includes(l.status)
              ? html`${actionButton(staff, `/answers/${l.id}/release`, 'Send (again)', {
                  back: `/cases/${k.number}`,
                })}
                ${
                  l.status === 'unconfirmed'
                    ? actionButton(staff, `/answers/${l.id}/mark-sent`, 'It was delivered', {
                        back: `/cases/${k.number}`,
                      })
                    : ''
                }`
              : '',
          ]),
          'no letters.',
        )}
        <h2>Staff actions (audit log)</h2>
        ${table(
          'Audit log',
          ['When', 'Who', 'What', 'Before', 'After'],
          detail.audit.map((a) => [
            when(a.at),
            a.actor,
            a.action,
            html`<code>${JSON.stringify(a.before)}</code>`,
            html`<code>${JSON.stringify(a.after)}</code>`,
          ]),
          'no staff actions yet.',
        )}`,
    });
  });

  const user = (request: Parameters<typeof staffOf>[0]) => staffOf(request).user.username;
  const caseNumberOf = (request: { params: unknown }) =>
    (request.params as { number: string }).number;

  app.post(
    '/cases/:number/installation-done',
    { config: { access: OPERATORS } },
    async (request, reply) => {
      const number = caseNumberOf(request);
      const done = await deps.actions.markInstallationDone(number, user(request));
      return redirectWithNotice(reply, `/cases/${number}`, `Case ${number} is ${done.state}.`);
    },
  );

  app.post('/cases/:number/close', { config: { access: OPERATORS } }, async (request, reply) => {
    const number = caseNumberOf(request);
    const reason = text(request.body, 'reason', 500);
    if (!reason) return reply.code(400).send('a reason is required');
    await deps.actions.closeTicket(number, reason, user(request));
    return redirectWithNotice(reply, `/cases/${number}`, `Ticket ${number} closed.`);
  });

  app.post('/cases/:number/reassign', { config: { access: OPERATORS } }, async (request, reply) => {
    const number = caseNumberOf(request);
    const email = text(request.body, 'email')?.toLowerCase();
    const entry = (await activeRoster(deps)).find((r) => r.email.toLowerCase() === email);
    if (!entry) return reply.code(400).send('choose a contact person on the roster');
    await deps.actions.reassignContact(number, entry, user(request));
    return redirectWithNotice(reply, `/cases/${number}`, `Case ${number} given to ${entry.name}.`);
  });

  app.post('/cases/:number/retry', { config: { access: OPERATORS } }, async (request, reply) => {
    const number = caseNumberOf(request);
    const deadLetter = text(request.body, 'deadLetter');
    if (!deadLetter) return reply.code(400).send('nothing to retry');
    // Only a dead letter of this case can be retried from its page.
    const detail = await caseDetail(deps.db, number);
    if (!detail) throw new AppError('RECORD_NOT_FOUND', `no case ${number}`);
    const ofCase = deadLettersOf(
      await deps.actions.deadLetters(),
      detail.messages.map((m) => m.id),
      detail.case.id,
    );
    if (!ofCase.some((d) => d.id === deadLetter))
      return reply.code(409).send(`dead letter ${deadLetter} is not one of case ${number}`);
    const retried = await deps.actions.retryJob(deadLetter, user(request), number);
    return redirectWithNotice(
      reply,
      `/cases/${number}`,
      `The ${retried.stage} job is queued again.`,
    );
  });

  for (const decision of ['release', 'mark-sent'] as const)
    app.post(
      `/answers/:id/${decision}`,
      { config: { access: OPERATORS } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!/^\d{1,18}$/.test(id)) return reply.code(404).send('no such answer');
        const result = await deps.actions.decideAnswer(decision, id, user(request));
        const back = result.caseNumber ? `/cases/${result.caseNumber}` : '/';
        return redirectWithNotice(
          reply,
          back,
          decision === 'release'
            ? `Answer ${id} will be sent within a minute.`
            : `Answer ${id} recorded as delivered.`,
        );
      },
    );
}
