import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningService } from '../../../src/cli/commands/serve.js';
import { validateConfig } from '../../../src/config/index.js';
import { createScratchDatabase } from '../../support/databases.js';
import { DAMAGED_IN_TRANSIT } from '../../../src/intake/parse-mail.js';
import {
  buildTestPki,
  makeSignedPdf,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
} from '../../../scripts/pki/index.js';

/**
 * The spine end to end with the real services: mail delivered to the agency's e-address over SMTP
 * → Dovecot → the poller → Redis/BullMQ → the intake and verify stages → PostgreSQL.
 */
const services = inject('services');
const agency = services.dovecot?.accounts.find((a) => a.role === 'e-address');
const dir = mkdtempSync(join(tmpdir(), 'intake-e2e-'));
let server: PkiServer;
let running: RunningService;
let sql: pg.Client;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let signedPdf: Uint8Array;

beforeAll(async () => {
  const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'pipeline-e2e' });
  server = await startPkiServer(pki);
  signedPdf = await makeSignedPdf({
    signer: pki.signers.valid,
    chain: pki.signers.valid.chainPem,
    timestamp: { tsaUrl: server.tsaUrl },
  });
  writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
  scratch = await createScratchDatabase('e2e');
  if (!agency || !services.dovecot || !services.smtp || !services.redis)
    throw new Error('services missing');
  const config = validateConfig({
    dataDir: dir,
    log: { level: 'silent' },
    database: { url: scratch.url },
    redis: { url: services.redis.url, prefix: `e2e-${randomBytes(3).toString('hex')}` },
    agency: { addresses: [agency.address] },
    mailboxes: [
      {
        name: 'e-address',
        host: services.dovecot.host,
        port: services.dovecot.imapPort,
        secure: false,
        user: agency.address,
        password: agency.password,
      },
    ],
    smtp: { host: services.smtp.host, port: services.smtp.port },
    trust: { anchors: [join(dir, 'root.pem')] },
    web: { port: 0 },
  });
  running = await serve(config, 'all');
  sql = new pg.Client({ connectionString: scratch.url });
  await sql.connect();
}, 120_000);

afterAll(async () => {
  await running?.stop('test finished');
  await sql?.end();
  await server?.close();
  await scratch?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The test relay that delivers into Dovecot. */
const relay = (): ReturnType<typeof nodemailer.createTransport> =>
  nodemailer.createTransport({
    host: services.smtp?.host,
    port: services.smtp?.port,
    secure: false,
    ignoreTLS: true,
  });

describe('mail to verification report', () => {
  it('when a signed form is delivered to the e-address, then a message row, a stored document and an accepted report exist, and the mail is in Processed', async () => {
    const transport = relay();
    await transport.sendMail({
      from: 'iestade@institution-a.test',
      to: agency?.address,
      subject: 'E-pakalpojuma reģistrācijas veidlapa',
      text: 'Pielikumā.',
      attachments: [{ filename: 'registracija.pdf', content: Buffer.from(signedPdf) }],
    });
    const report = await waitFor(
      'the verification report',
      async () =>
        (
          await sql.query<{
            accepted: boolean;
            indication: string;
            qualification: string;
            status: string;
            filename: string;
          }>(
            `SELECT r.accepted, r.indication, r.qualification, m.status, d.filename FROM verification_reports r JOIN documents d ON d.id = r.document_id JOIN messages m ON m.id = d.message_id WHERE m.subject = 'E-pakalpojuma reģistrācijas veidlapa' AND m.status = 'processed'`,
          )
        ).rows[0],
    );
    expect(report).toEqual({
      accepted: true,
      indication: 'TOTAL_PASSED',
      qualification: 'QESig',
      status: 'processed',
      filename: 'registracija.pdf',
    });

    const imap = new ImapFlow({
      host: services.dovecot?.host ?? '',
      port: services.dovecot?.imapPort ?? 0,
      secure: false,
      auth: { user: agency?.address ?? '', pass: agency?.password ?? '' },
      logger: false,
    });
    await imap.connect();
    try {
      const processed = await imap.status('Processed', { messages: true });
      expect(processed === false ? 0 : processed.messages).toBeGreaterThanOrEqual(1);
    } finally {
      await imap.logout();
    }
  });

  it('when an auto-reply arrives, then it is recorded as ignored with the reason and nothing is verified', async () => {
    const transport = relay();
    await transport.sendMail({
      from: 'iestade@institution-b.test',
      to: agency?.address,
      subject: 'Automātiska atbilde: prombūtnē',
      text: 'Esmu atvaļinājumā.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const row = await waitFor(
      'the ignored message',
      async () =>
        (
          await sql.query<{ status: string; status_reason: string; documents: string }>(
            `SELECT m.status, m.status_reason, (SELECT count(*)::text FROM documents d WHERE d.message_id = m.id) AS documents FROM messages m WHERE m.subject = 'Automātiska atbilde: prombūtnē' AND m.status = 'ignored'`,
          )
        ).rows[0],
    );
    expect(row).toEqual({
      status: 'ignored',
      status_reason: 'automatic mail (Auto-Submitted: auto-replied)',
      documents: '0',
    });
  });

  it('when a bounce and a malformed message arrive, then both are recorded as ignored with their reason, not answered', async () => {
    const transport = relay();
    const bounce = [
      'From: MAILER-DAEMON@institution-a.test',
      `To: ${agency?.address ?? ''}`,
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'The mail could not be delivered.',
      '--b--',
      '',
    ].join('\r\n');
    await transport.sendMail({ envelope: { from: '', to: agency?.address ?? '' }, raw: bounce });
    // Headers with no sender and a body of binary noise, as broken mailers send.
    const malformed = `Subject: Bojāts\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%% not base64 %%%%\r\n`;
    await transport.sendMail({
      envelope: { from: 'x@institution-b.test', to: agency?.address ?? '' },
      raw: malformed,
    });
    const rows = await waitFor('both ignored', async () => {
      const found = (
        await sql.query<{ subject: string; status_reason: string }>(
          "SELECT subject, status_reason FROM messages WHERE subject IN ('Undelivered Mail Returned to Sender', 'Bojāts') AND status = 'ignored' ORDER BY subject",
        )
      ).rows;
      return found.length === 2 ? found : undefined;
    });
    expect(rows).toEqual([
      { subject: 'Bojāts', status_reason: 'no sender address to answer' },
      {
        subject: 'Undelivered Mail Returned to Sender',
        status_reason: 'a delivery or read report (bounce)',
      },
    ]);
  });
  it('when a form arrives with broken base64, then the message keeps the reason after it is processed, the document is refused and the sender is asked to send it again', async () => {
    const transport = relay();
    // A signed PDF whose base64 a gateway mangled: one letter replaced by a byte outside the
    // alphabet, so everything after it decodes shifted.
    const base64 = Buffer.from(signedPdf).toString('base64');
    const mangled = `${base64.slice(0, 400)}\u00a7${base64.slice(401)}`.replace(/.{76}/g, '$&\r\n');
    const raw = [
      'From: iestade@institution-a.test',
      `To: ${agency?.address ?? ''}`,
      'Subject: Bojats pielikums',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: application/pdf; name="registracija.pdf"',
      'Content-Disposition: attachment; filename="registracija.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      mangled,
      '--b--',
      '',
    ].join('\r\n');
    await transport.sendMail({
      envelope: { from: 'iestade@institution-a.test', to: agency?.address ?? '' },
      raw: Buffer.from(raw, 'latin1'),
    });
    const row = await waitFor('the processed message', async () => {
      const found = await sql.query<{
        status: string;
        status_reason: string;
        accepted: string;
        note: string;
        problems: string[] | null;
      }>(
        `SELECT m.status, m.status_reason,
           (SELECT string_agg(r.accepted::text, ',') FROM documents d
              JOIN verification_reports r ON r.document_id = d.id WHERE d.message_id = m.id) AS accepted,
           (SELECT d.note FROM documents d WHERE d.message_id = m.id) AS note,
           (SELECT o.data->'problems' FROM case_messages cm JOIN outbox o ON o.case_id = cm.case_id
             WHERE cm.message_id = m.id LIMIT 1) AS problems
         FROM messages m WHERE m.subject = 'Bojats pielikums'`,
      );
      return found.rows[0]?.status === 'processed' ? found.rows[0] : undefined;
    });
    expect(row).toMatchObject({
      status: 'processed',
      status_reason:
        '"registracija.pdf": broken base64 (1 character outside the base64 alphabet was skipped); the decoded content may be damaged',
      accepted: 'false',
      note: DAMAGED_IN_TRANSIT,
    });
    // Too damaged to read as a form, the mail becomes a support request; its acknowledgement
    // tells the institution which file to send again.
    expect(row.problems).toEqual([`registracija.pdf: ${DAMAGED_IN_TRANSIT}`]);
  });
});
