import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STAGES } from '../../../pipelines/graph.js';
import {
  buildTestPki,
  makeSignedPdf,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  exportPkcs12,
} from '../../../scripts/pki/index.js';
import type { ConfigInput } from '../../../src/config/index.js';
import { fillForm } from '../../../src/forms/index.js';
import { createScratchDatabase } from '../../support/databases.js';

/**
 * The worker process is killed with SIGKILL while it holds jobs, twice, and started again: every
 * submission still ends with exactly one case and one answer, and no institution gets a letter
 * twice. BullMQ gives a dead worker's job to
 * the next worker once its lock runs out; the database ledger keeps the step from happening twice.
 */
const SUBMISSIONS = 10;
/** Short locks so a dead worker's jobs come back within seconds, not a minute. */
const LOCK_MS = 3_000;

const services = inject('services');
const account = services.dovecot?.accounts.find((a) => a.address.startsWith('avarija-e-adrese@'));
const dir = mkdtempSync(join(tmpdir(), 'intake-killed-'));
const prefix = `killed-${randomBytes(3).toString('hex')}`;
let server: PkiServer;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let sql: pg.Client;
let child: ChildProcess | undefined;
let configFile: string;

beforeAll(async () => {
  if (!account || !services.dovecot || !services.smtp || !services.redis)
    throw new Error('services missing');
  const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'worker-killed' });
  server = await startPkiServer(pki);
  writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
  const p12Password = await exportPkcs12(pki.signers.agencySeal, join(dir, 'seal.p12'));
  scratch = await createScratchDatabase('killed');
  const config: ConfigInput = {
    dataDir: dir,
    log: { level: 'warn' },
    database: { url: scratch.url },
    redis: { url: services.redis.url, prefix },
    queue: { lockMs: LOCK_MS },
    agency: { addresses: [account.address] },
    mailboxes: [
      {
        name: 'e-address',
        host: services.dovecot.host,
        port: services.dovecot.imapPort,
        secure: false,
        user: account.address,
        password: account.password,
      },
    ],
    smtp: { host: services.smtp.host, port: services.smtp.port, from: account.address },
    trust: { anchors: [join(dir, 'root.pem')] },
    signing: { kind: 'pkcs12', file: join(dir, 'seal.p12'), password: p12Password },
    tsa: { url: server.tsaUrl },
    web: { port: 0 },
  };
  configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  sql = new pg.Client({ connectionString: scratch.url });
  await sql.connect();

  const transport = nodemailer.createTransport({
    host: services.smtp.host,
    port: services.smtp.port,
    secure: false,
    ignoreTLS: true,
  });
  for (let i = 0; i < SUBMISSIONS; i += 1) {
    const pdf = await fillForm('eservice-registration', {
      institutionName: 'Rīgas valstspilsētas pašvaldība',
      institutionRegNo: '90000000001',
      institutionEAddress: '_DEFAULT@90000000001',
      eserviceNameLv: `Pakalpojums nr. ${i}`,
      description: 'Apraksts.',
      legalBasis: 'Likums.',
      audience: 'residents',
      portalPlacement: 'no',
      plannedLaunchDate: '2030-01-01',
      'vissComponents.authentication': true,
      responsibleName: 'Ģirts Bērziņš',
      responsiblePosition: 'Vadītājs',
      responsibleEmail: 'girts@institution-a.test',
      responsiblePhone: '+37167000001',
      technicalName: 'Līga Ozoliņa',
      technicalPosition: 'Arhitekte',
      technicalEmail: 'liga@institution-a.test',
      technicalPhone: '+37167000002',
    });
    const signed = await makeSignedPdf({
      pdf,
      signer: pki.signers.valid,
      chain: pki.signers.valid.chainPem,
      timestamp: { tsaUrl: server.tsaUrl },
    });
    await transport.sendMail({
      from: 'iestade@institution-a.test',
      to: account.address,
      subject: `Avārijas tests ${i}`,
      text: 'Pielikumā.',
      attachments: [{ filename: `registracija-${i}.pdf`, content: Buffer.from(signed) }],
    });
  }
  transport.close();
}, 180_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await sql?.end();
  await server?.close();
  await scratch?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function startService(): ChildProcess {
  return spawn(process.execPath, ['bin/intake.js', 'serve', '--config', configFile], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function activeJobs(queues: Queue[]): Promise<number> {
  const counts = await Promise.all(queues.map((q) => q.getActiveCount()));
  return counts.reduce((a, b) => a + b, 0);
}

async function processed(): Promise<number> {
  const row = (
    await sql.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM messages WHERE status = 'processed'",
    )
  ).rows[0];
  return Number(row?.n ?? 0);
}

async function waitForAnswers(): Promise<Array<{ status: string; outgoing_message_id: string }>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = (
      await sql.query<{ status: string; outgoing_message_id: string }>(
        'SELECT status, outgoing_message_id FROM outbox ORDER BY id',
      )
    ).rows;
    const settled = rows.filter((r) => r.status === 'sent' || r.status === 'unconfirmed');
    if (settled.length === SUBMISSIONS || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How many letters with this Message-ID reached the institution's inbox. */
async function lettersWithId(messageId: string): Promise<number> {
  const institution = services.dovecot?.accounts.find(
    (a) => a.address === 'iestade@institution-a.test',
  );
  if (!institution) throw new Error('no institution account');
  const client = new ImapFlow({
    host: services.dovecot?.host ?? '',
    port: services.dovecot?.imapPort ?? 0,
    secure: false,
    auth: { user: institution.address, pass: institution.password },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return found ? found.length : 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

describe('a worker killed mid-job', () => {
  it('when the worker process is SIGKILLed twice while holding jobs, then every submission still gets exactly one case and one answer', async () => {
    const connection = new Redis(services.redis?.url ?? '', { maxRetriesPerRequest: null });
    const queues = STAGES.map((s) => new Queue(s.name, { connection, prefix }));
    const killedHolding: number[] = [];
    try {
      for (let kill = 0; kill < 2; kill += 1) {
        child = startService();
        // Kill at a moment the worker holds at least one job and work remains.
        const deadline = Date.now() + 60_000;
        for (;;) {
          const active = await activeJobs(queues);
          if (active > 0 && (await processed()) < SUBMISSIONS) {
            child.kill('SIGKILL');
            killedHolding.push(active);
            break;
          }
          if (Date.now() > deadline) throw new Error('the worker never held a job');
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => child?.once('exit', r));
      }
      child = startService();
      const deadline = Date.now() + 120_000;
      while ((await processed()) < SUBMISSIONS && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));

      expect(killedHolding).toHaveLength(2);
      expect(killedHolding.every((n) => n > 0)).toBe(true);
      expect(await processed()).toBe(SUBMISSIONS);
      const perMessage = await sql.query<{ cases: string; answers: string; identifier: string }>(
        `SELECT count(DISTINCT cm.case_id)::text AS cases,
                  (SELECT count(*) FROM outbox o WHERE o.case_id = min(cm.case_id))::text AS answers,
                  min(c.data ->> 'eserviceId') AS identifier
           FROM messages m JOIN case_messages cm ON cm.message_id = m.id JOIN cases c ON c.id = cm.case_id
           GROUP BY m.id`,
      );
      expect(perMessage.rows).toHaveLength(SUBMISSIONS);
      expect(perMessage.rows.every((r) => r.cases === '1' && r.answers === '1')).toBe(true);
      expect(new Set(perMessage.rows.map((r) => r.identifier)).size).toBe(SUBMISSIONS);
      const registered = await sql.query('SELECT 1 FROM eservices');
      expect(registered.rowCount).toBe(SUBMISSIONS);
      // Every answer settles: sent, or (a kill inside its SMTP transaction) unconfirmed for
      // staff. Never two letters for one answer.
      const answers = await waitForAnswers();
      expect(answers).toHaveLength(SUBMISSIONS);
      for (const answer of answers) {
        const letters = await lettersWithId(answer.outgoing_message_id);
        if (answer.status === 'sent') expect(letters).toBe(1);
        else expect([0, 1]).toContain(letters);
      }
      const failed = await Promise.all(queues.map((q) => q.getFailedCount()));
      expect(failed.reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      child?.kill('SIGTERM');
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    }
  }, 240_000);
});
