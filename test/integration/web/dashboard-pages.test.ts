import { routeStage } from '../../../pipelines/route.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, recordIncomingMessage } from '../../../src/store/index.js';
import { SEED_IGNORED_REASON, SEED_REFUSAL_REASONS } from '../../support/dashboard-seed.js';
import { escapeHtml } from '../../../src/web/html.js';
import {
  failingRouteWorker,
  get,
  login,
  post,
  startDashboard,
  type Dashboard,
  type Session,
} from './dashboard-harness.js';

let dash: Dashboard;
let operator: Session;
let compliance: Session;
let admin: Session;

beforeAll(async () => {
  dash = await startDashboard();
  operator = await login(dash.app, 'operator');
  compliance = await login(dash.app, 'compliance');
  admin = await login(dash.app, 'admin');
});
afterAll(async () => dash?.close());

async function caseState(number: string): Promise<string | undefined> {
  const rows = await dash.db.query<{ state: string }>('SELECT state FROM cases WHERE number = $1', [
    number,
  ]);
  return rows.rows[0]?.state;
}

describe('pages show what the pipeline left', () => {
  it('the overview counts today’s mail and open cases and draws the hourly charts', async () => {
    const page = await get(dash.app, operator, '/');
    expect(page.statusCode).toBe(200);
    // 8 seeded messages today, 2 open cases (P2 awaiting installation, the ticket).
    expect(page.body).toMatch(/<div class="big">8<\/div>\s*messages today/);
    expect(page.body).toMatch(/<div class="big">2<\/div>\s*open cases/);
    expect(page.body.match(/<svg[^>]*role="img"/g)?.length).toBe(3);
    expect(page.body).toContain('awaiting-installation');
  });

  it('messages are searchable by sender and status, and ignored mail shows its reason', async () => {
    const ignored = await get(dash.app, operator, '/messages?status=ignored');
    expect(ignored.body).toContain(SEED_IGNORED_REASON);
    expect(ignored.body).toContain('Messages (1)');
    const bySender = await get(dash.app, operator, '/messages?sender=institution-c');
    expect(bySender.body).toContain('Messages (1)');
    expect(bySender.body).toContain(dash.seed.caseNumbers.refused);
  });

  it('a sender’s markup in a subject is shown as text, never run', async () => {
    await recordIncomingMessage(dash.db, {
      mailbox: 'e-address',
      uidvalidity: 1_700_000_000,
      uid: 9_999,
      messageId: '<xss@institution-x.test>',
      rawSha256: 'a'.repeat(64),
      contentSha256: 'a'.repeat(64),
      size: 100,
      from: 'attacker@institution-x.test',
      subject: '<script>alert("x")</script><img src=x onerror=alert(1)>',
    });
    const page = await get(dash.app, operator, '/messages?sender=attacker');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
  });

  it('cases filter by procedure and state; a case page has its timeline, documents, reports and letters', async () => {
    const list = await get(dash.app, operator, '/cases?procedure=P2');
    expect(list.body).toContain(dash.seed.caseNumbers.production);
    expect(list.body).not.toContain(dash.seed.caseNumbers.registered);
    const page = await get(dash.app, operator, `/cases/${dash.seed.caseNumbers.production}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<ol class="timeline">');
    expect(page.body).toContain('contact-reassigned');
    expect(page.body).toContain(`/documents/${dash.seed.documentIds.productionRequest}/report`);
    expect(page.body).toContain('acceptance-act');
    expect(page.body).toContain('Mark installation done');
    expect(page.body).toContain('case.reassign-contact');
    expect((await get(dash.app, operator, '/cases/P9-0000-00000')).statusCode).toBe(404);
  });

  it('registry pages list e-services, grants, both catalogues, audit batches and tickets', async () => {
    expect((await get(dash.app, operator, '/eservices')).body).toContain(
      dash.seed.eserviceIdentifier,
    );
    expect((await get(dash.app, operator, '/grants?environment=production')).body).toContain(
      'Grants (1)',
    );
    expect((await get(dash.app, compliance, '/catalogue/production')).body).toContain(
      'VISS.TP.INSTB.ADRESES',
    );
    expect((await get(dash.app, compliance, '/audit-records')).body).toContain(
      dash.seed.auditBatch,
    );
    expect((await get(dash.app, operator, '/support')).body).toContain(
      dash.seed.caseNumbers.ticket,
    );
  });
});

describe('staff actions change the case and are in its audit log', () => {
  it('an operator marks the installation done: the case moves on, the institution is told, the log says who', async () => {
    const number = dash.seed.caseNumbers.production;
    const response = await post(dash.app, operator, `/cases/${number}/installation-done`);
    expect(response.statusCode).toBe(303);
    expect(await caseState(number)).toBe('in-production');
    const answers = await dash.db.query<{ kind: string }>(
      "SELECT kind FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.number = $1 AND kind = 'installation-done'",
      [number],
    );
    expect(answers.rows).toHaveLength(1);
    const audit = await listAudit(dash.db, `case:${number}`);
    expect(audit.at(-1)).toMatchObject({
      actor: 'staff:operator',
      action: 'case.installation-done',
      before: { state: 'awaiting-installation' },
      after: { state: 'in-production' },
    });
    // A second click finds the case moved on: a conflict, nothing changes.
    expect((await post(dash.app, operator, `/cases/${number}/installation-done`)).statusCode).toBe(
      409,
    );
  });

  it('an operator reassigns a case to someone on the roster, and closes a ticket with a reason', async () => {
    const number = dash.seed.caseNumbers.registered;
    const moved = await post(dash.app, operator, `/cases/${number}/reassign`, {
      email: 'peteris.kalnins@agency.test',
    });
    expect(moved.statusCode).toBe(303);
    const row = await dash.db.query<{ contact_person: string }>(
      'SELECT contact_person FROM cases WHERE number = $1',
      [number],
    );
    expect(row.rows[0]?.contact_person).toBe('Pēteris Kalniņš');
    expect(
      (await post(dash.app, operator, `/cases/${number}/reassign`, { email: 'x@evil.test' }))
        .statusCode,
    ).toBe(400);

    const ticket = dash.seed.caseNumbers.ticket;
    expect(
      (await post(dash.app, operator, `/cases/${ticket}/close`, { reason: 'answered by phone' }))
        .statusCode,
    ).toBe(303);
    expect(await caseState(ticket)).toBe('closed');
    const audit = await listAudit(dash.db, `case:${ticket}`);
    expect(audit.at(-1)).toMatchObject({
      action: 'case.close',
      after: { state: 'closed', reason: 'answered by phone' },
    });
  });

  it('an operator releases an answer held by the daily cap', async () => {
    const id = dash.seed.outboxIds.ticketAcknowledgement;
    expect((await post(dash.app, operator, `/answers/${id}/release`)).statusCode).toBe(303);
    const row = await dash.db.query<{ status: string }>('SELECT status FROM outbox WHERE id = $1', [
      id,
    ]);
    expect(row.rows[0]?.status).toBe('pending');
  });

  it('an operator retries a case’s failed job from its page, and it runs again', async () => {
    const worker = failingRouteWorker(dash);
    const runs = worker.runs;
    try {
      const number = dash.seed.caseNumbers.production;
      await dash.queues.enqueue(routeStage, { messageId: dash.seed.messageIds.productionRequest });
      let page = '';
      for (let i = 0; i < 100 && !page.includes('Retry the failed route job'); i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        page = (await get(dash.app, operator, `/cases/${number}`)).body;
      }
      const deadLetter = /name="deadLetter" value="([^"]+)"/.exec(page)?.[1];
      expect(deadLetter).toBeDefined();
      worker.fix();
      const retried = await post(dash.app, operator, `/cases/${number}/retry`, {
        deadLetter: deadLetter ?? '',
      });
      expect(retried.statusCode).toBe(303);
      for (let i = 0; i < 100 && runs.length < 2; i += 1)
        await new Promise((r) => setTimeout(r, 100));
      expect(runs).toEqual([
        dash.seed.messageIds.productionRequest,
        dash.seed.messageIds.productionRequest,
      ]);
      const audit = await listAudit(dash.db, `case:${number}`);
      expect(audit.at(-1)).toMatchObject({ actor: 'staff:operator', action: 'job.retry' });
    } finally {
      await worker.stop();
    }
  });

  it('an admin imports a catalogue file, edits an entry, adds a user and a roster member', async () => {
    const boundary = '----intake-test';
    const csv =
      'identifier,name,version,institutionRegNo\nVISS.TP.NEW.ONE,Jaunā sistēma,1.0,90000000009\n';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="_csrf"',
      '',
      admin.csrf,
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="catalogue.csv"',
      'Content-Type: text/csv',
      '',
      csv,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const imported = await dash.app.inject({
      method: 'POST',
      url: '/catalogue/test/import',
      headers: {
        cookie: admin.cookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: body,
    });
    expect(imported.statusCode).toBe(303);
    expect(decodeURIComponent(String(imported.headers.location))).toContain('1 entries imported');
    expect((await get(dash.app, admin, '/catalogue/test')).body).toContain('VISS.TP.NEW.ONE');

    const edited = await post(dash.app, admin, '/catalogue/test/entry', {
      identifier: 'VISS.TP.NEW.ONE',
      name: 'Pārdēvētā sistēma',
      version: '1.1',
    });
    expect(edited.statusCode).toBe(303);
    const audit = await listAudit(dash.db, 'catalogue:test:VISS.TP.NEW.ONE');
    expect(audit.at(-1)).toMatchObject({
      actor: 'staff:admin',
      action: 'catalogue.edit',
      before: { name: 'Jaunā sistēma', version: '1.0' },
      after: { name: 'Pārdēvētā sistēma', version: '1.1' },
    });

    const added = await post(dash.app, admin, '/users', {
      username: 'new.operator',
      displayName: 'New Operator',
      role: 'operator',
    });
    expect(added.statusCode).toBe(200);
    expect(added.body).toMatch(/<code>[A-Za-z0-9_-]{20}<\/code>/);

    expect(
      (
        await post(dash.app, admin, '/roster', {
          name: 'Anna Liepa',
          email: 'anna.liepa@agency.test',
        })
      ).statusCode,
    ).toBe(303);
    expect((await get(dash.app, admin, '/roster')).body).toContain('anna.liepa@agency.test');
  });

  it('an admin cannot lock themselves out', async () => {
    expect((await post(dash.app, admin, '/users/admin', { state: 'disable' })).statusCode).toBe(
      409,
    );
  });
});

describe('compliance reports', () => {
  it('the period report lists every verified document with totals by indication and reason', async () => {
    const page = await get(dash.app, compliance, '/reports/signatures');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Totals by indication');
    expect(page.body).toContain('TOTAL_FAILED');
    expect(page.body).toContain(escapeHtml(SEED_REFUSAL_REASONS[0] ?? 'no reason seeded'));
  });

  it('the CSV export has a header and one row per verified document', async () => {
    const csv = await get(dash.app, compliance, '/reports/signatures.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="signatures_/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]?.split(',')[0]).toBe('documentId');
    const verified = await dash.db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM verification_reports',
    );
    expect(lines.length - 1).toBe(Number(verified.rows[0]?.n));
  });

  it('a search by SHA-256 answers "was this exact file accepted, and when?"', async () => {
    const sha = await dash.db.query<{ sha256: string }>(
      'SELECT sha256 FROM documents WHERE id = $1',
      [dash.seed.documentIds.refusedForm],
    );
    const page = await get(
      dash.app,
      compliance,
      `/reports/signatures?sha256=${sha.rows[0]?.sha256}`,
    );
    expect(page.body).toContain('Documents (1)');
    expect(page.body).toContain('refused');
    expect((await get(dash.app, compliance, '/reports/signatures?sha256=xyz')).body).toContain(
      'a SHA-256 is 64 hexadecimal characters',
    );
  });

  it('personal codes in a signer’s certificate are shown to compliance and masked for others', async () => {
    const id = dash.seed.documentIds.registrationForm;
    const forCompliance = await get(dash.app, compliance, `/documents/${id}/report.html`);
    expect(forCompliance.statusCode).toBe(200);
    expect(forCompliance.body).toContain('PNOLV-010190-12345');
    const forOperator = await get(dash.app, operator, `/documents/${id}/report.html`);
    expect(forOperator.body).not.toContain('010190-12345');
    expect(forOperator.body).toContain('[redacted]');
    const json = await get(dash.app, operator, `/documents/${id}/report.json`);
    expect(json.body).not.toContain('010190-12345');
    // The verifier's page keeps its own style, allowed by hash, and no script at all.
    expect(String(forCompliance.headers['content-security-policy'])).toMatch(
      /style-src 'sha256-[A-Za-z0-9+/=]+'; .*|script-src 'none'/,
    );
  });
});

describe('the queue board', () => {
  it('operators get the board with actions, others the read-only one', async () => {
    expect((await get(dash.app, operator, '/queues/board')).statusCode).toBe(200);
    expect((await get(dash.app, compliance, '/queues/view')).statusCode).toBe(200);
    expect((await get(dash.app, compliance, '/queues/board')).statusCode).toBe(403);
    const queuesPage = await get(dash.app, compliance, '/queues');
    expect(queuesPage.body).toContain('/queues/view');
    expect(queuesPage.body).toContain('Jobs by stage');
  });
});
