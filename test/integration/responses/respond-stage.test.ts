import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { respondHandler } from '../../../pipelines/respond.handler.js';
import { reviewUnconfirmed } from '../../../scripts/fault/staff-review.js';
import type { StageDeps } from '../../../pipelines/deps.js';
import {
  buildTestPki,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  exportPkcs12,
} from '../../../scripts/pki/index.js';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { createLogger } from '../../../src/adapters/logger.js';
import { createSmtpSender, type SmtpSender } from '../../../src/adapters/smtp-sender.js';
import { loadTrustStore } from '../../../src/adapters/trust-files.js';
import { agencySeal } from '../../../src/cli/commands/agency-seal.js';
import { validateConfig, type Config, type MailboxConfig } from '../../../src/config/index.js';
import { AppError } from '../../../src/errors/index.js';
import { copyToSent } from '../../../src/intake/sent-folder.js';
import type { StageContext } from '../../../src/queue/pipeline-workers.js';
import {
  createVerifyCaches,
  createVerifyContext,
  DEFAULT_POLICY,
  verifyDocument,
} from '../../../src/signature/index.js';
import {
  createFileBlobStore,
  migrate,
  migrations,
  openPglite,
  recordIncomingMessage,
  recordThreading,
  sqlCaseStore,
  syncMailboxPosition,
  type Database,
} from '../../../src/store/index.js';

const run = promisify(execFile);

/**
 * The respond stage against the real SMTP relay and Dovecot: an answer is sealed, verified, sent
 * once, threaded to the institution's mail and copied to the agency's Sent folder; a worker that
 * dies after the server took the mail never sends a second letter; temporary failures (the SMTP
 * server, the TSA) leave the answer pending for a retry, never unsigned.
 */
const services = inject('services');
const agency = services.dovecot?.accounts.find((a) => a.address.startsWith('atbildes-e-adrese@'));
const institution = services.dovecot?.accounts.find(
  (a) => a.address === 'iestade@institution-b.test',
);
const dir = mkdtempSync(join(tmpdir(), 'intake-respond-'));
const logger = createLogger({ level: 'silent' });
let server: PkiServer;
let db: Database;
let config: Readonly<Config>;
let deps: StageDeps;
let realSmtp: SmtpSender;
let incomingId: string;

function imap(account: { address: string; password: string }): ImapFlow {
  return new ImapFlow({
    host: services.dovecot?.host ?? '',
    port: services.dovecot?.imapPort ?? 0,
    secure: false,
    auth: { user: account.address, pass: account.password },
    logger: false,
  });
}

/** Raw copies of mail with this Message-ID in a folder of the account. */
async function mailWithId(
  account: { address: string; password: string },
  folder: string,
  messageId: string,
): Promise<Buffer[]> {
  const client = imap(account);
  await client.connect();
  try {
    if (!(await client.list()).some((f) => f.path === folder)) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length === 0) return [];
      const found = await client.fetchAll(uids, { source: true }, { uid: true });
      return found.map((m) => m.source).filter((s): s is Buffer => s !== undefined);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function waitForMail(
  messageId: string,
  timeoutMs = 20_000,
  account = institution,
): Promise<Buffer[]> {
  if (!account) throw new Error('no institution account');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await mailWithId(account, 'INBOX', messageId);
    if (found.length > 0 || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

let answerSeq = 0;
/** A case with one queued answer, replying to the recorded incoming mail. */
async function queuedAnswer(
  recipient = 'iestade@institution-b.test',
): Promise<{ id: string; messageId: string }> {
  answerSeq += 1;
  const store = sqlCaseStore(db, { messageIdDomain: 'agency.test' });
  const kase = await store.openCase(
    {
      procedure: 'P1',
      state: 'awaiting-access-request',
      number: `P1-2026-9${String(answerSeq).padStart(4, '0')}`,
      language: 'lv',
      replyTo: recipient,
      data: { eserviceId: 'EP-2026-00042' },
    },
    { kind: 'eservice-registered', actor: 'system' },
  );
  const dedupeKey = `respond-test:${randomBytes(6).toString('hex')}`;
  await store.queueAnswer(kase.id, {
    kind: 'registration-confirmed',
    dedupeKey,
    recipient,
    language: 'lv',
    triggerMessageId: incomingId,
    data: {
      caseNumber: kase.number,
      identifier: 'EP-2026-00042',
      eserviceName: 'Būvatļaujas pieteikums',
      contactPerson: { name: 'Inga Pētersone', email: 'inga.petersone@agency.test' },
    },
  });
  const row = (
    await db.query<{ id: string; outgoing_message_id: string }>(
      'SELECT id::text AS id, outgoing_message_id FROM outbox WHERE dedupe_key = $1',
      [dedupeKey],
    )
  ).rows[0];
  if (!row) throw new Error('answer not queued');
  return { id: row.id, messageId: row.outgoing_message_id };
}

async function statusOf(id: string): Promise<string | undefined> {
  return (await db.query<{ status: string }>('SELECT status FROM outbox WHERE id = $1', [id]))
    .rows[0]?.status;
}

const context = { logger, attempt: 1, attempts: 8 } as unknown as StageContext;

beforeAll(async () => {
  if (!agency || !institution || !services.dovecot || !services.smtp)
    throw new Error('services missing');
  const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'respond-stage' });
  server = await startPkiServer(pki);
  writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
  const password = await exportPkcs12(pki.signers.agencySeal, join(dir, 'seal.p12'));
  config = validateConfig({
    dataDir: dir,
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
    smtp: { host: services.smtp.host, port: services.smtp.port, from: agency.address },
    signing: { kind: 'pkcs12', file: join(dir, 'seal.p12'), password },
    tsa: { url: server.tsaUrl },
    trust: { anchors: [join(dir, 'root.pem')] },
    respond: { dailyCapPerRecipient: 5 },
  });
  db = await openPglite(undefined);
  await migrate(db, migrations);
  const trust = loadTrustStore(config.trust.anchors, [], []);
  const caches = createVerifyCaches();
  const fetcher = createHttpFetcher();
  realSmtp = createSmtpSender(config.smtp);
  const mailbox = config.mailboxes[0] as MailboxConfig;
  deps = {
    config,
    db,
    blobs: createFileBlobStore(join(dir, 'blobs')),
    enqueue: async () => undefined,
    seal: agencySeal(config),
    verify: (filename, bytes) =>
      verifyDocument(
        filename,
        bytes,
        createVerifyContext({ trust, offline: false, fetcher, caches }),
        DEFAULT_POLICY,
      ),
    smtp: realSmtp,
    copyToSent: (_name, messageId, raw) => copyToSent(mailbox, messageId, raw),
  };
  // The institution's mail the answers reply to.
  await syncMailboxPosition(db, 'e-address', 1);
  const recorded = await recordIncomingMessage(db, {
    mailbox: 'e-address',
    uidvalidity: 1,
    uid: 1,
    messageId: '<pieteikums-1@institution-b.test>',
    rawSha256: 'a'.repeat(64),
    contentSha256: 'b'.repeat(64),
    size: 100,
    from: 'iestade@institution-b.test',
    subject: 'E-pakalpojuma reģistrācija',
  });
  incomingId = recorded.id;
  await recordThreading(db, incomingId, {
    replyTo: null,
    inReplyTo: null,
    references: ['<iepriekseja@institution-b.test>'],
  });
}, 120_000);

afterAll(async () => {
  realSmtp?.close();
  await db?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sending an answer', () => {
  it('when an answer is sent, then the institution receives exactly one sealed, threaded letter that our verifier and pdfsig accept, and the agency keeps a copy in Sent', async () => {
    const answer = await queuedAnswer();
    const handler = respondHandler(deps);
    await handler({ outboxId: answer.id }, context);
    await handler({ outboxId: answer.id }, context);
    expect(await statusOf(answer.id)).toBe('sent');

    const received = await waitForMail(answer.messageId);
    expect(received).toHaveLength(1);
    const mail = await simpleParser(received[0] as Buffer);
    expect(mail.inReplyTo).toBe('<pieteikums-1@institution-b.test>');
    expect(mail.references).toEqual([
      '<iepriekseja@institution-b.test>',
      '<pieteikums-1@institution-b.test>',
    ]);
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.subject).toContain('P1-2026-9');
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    if (!pdf) throw new Error('no letter attached');
    const report = await deps.verify('letter.pdf', new Uint8Array(pdf.content));
    expect(report).toMatchObject({ accepted: true });
    expect(report.signatures[0]).toMatchObject({ level: 'B-T', qualification: 'QESeal' });
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, pdf.content);
    const pdfsig = await run('pdfsig', [file]).catch((e: { stdout?: string }) => ({
      stdout: e.stdout ?? '',
    }));
    expect(pdfsig.stdout).toContain('Signature is Valid.');

    if (!agency) throw new Error('no agency account');
    const copies = await mailWithId(agency, 'Sent', answer.messageId);
    expect(copies).toHaveLength(1);
    // The same message: what arrived is the stored copy plus the relay's trace headers on top.
    expect(
      (received[0] as Buffer).toString('latin1').endsWith(copies[0]?.toString('latin1') ?? '-'),
    ).toBe(true);
  });

  it('when the worker dies after the SMTP server accepted the letter, then the retry sends nothing and the answer is left unconfirmed for staff: still exactly one letter', async () => {
    const answer = await queuedAnswer();
    // Sends for real, then never returns: the process "died" before recording it.
    const dying: SmtpSender = {
      send: async (envelope, raw) => {
        await realSmtp.send(envelope, raw);
        await new Promise(() => undefined);
      },
      close: () => undefined,
    };
    void respondHandler({ ...deps, smtp: dying })({ outboxId: answer.id }, context);
    expect(await waitForMail(answer.messageId)).toHaveLength(1);
    expect(await statusOf(answer.id)).toBe('sending');

    await respondHandler(deps)({ outboxId: answer.id }, context);
    expect(await statusOf(answer.id)).toBe('unconfirmed');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await waitForMail(answer.messageId)).toHaveLength(1);
  });

  it("when staff settle unconfirmed answers from the relay's log, then the delivered one is confirmed and the other is released and sent exactly once", async () => {
    const never = new Promise<void>(() => undefined);
    // An address of its own, so the daily caps the other tests count on are not used up (this
    // test's agency mailbox: nothing polls its INBOX).
    const recipient = agency?.address ?? '';
    const arrived = (messageId: string) => waitForMail(messageId, 20_000, agency);
    // One the relay took before the worker "died", one it never saw.
    const delivered = await queuedAnswer(recipient);
    const sendThenDie: SmtpSender = {
      send: async (envelope, raw) => {
        await realSmtp.send(envelope, raw);
        await never;
      },
      close: () => undefined,
    };
    void respondHandler({ ...deps, smtp: sendThenDie })({ outboxId: delivered.id }, context);
    expect(await arrived(delivered.messageId)).toHaveLength(1);
    const notDelivered = await queuedAnswer(recipient);
    const dieBeforeSending: SmtpSender = { send: () => never, close: () => undefined };
    void respondHandler({ ...deps, smtp: dieBeforeSending })(
      { outboxId: notDelivered.id },
      context,
    );
    for (let i = 0; i < 100 && (await statusOf(notDelivered.id)) !== 'sending'; i += 1)
      await new Promise((r) => setTimeout(r, 100));
    for (const id of [delivered.id, notDelivered.id]) {
      await respondHandler(deps)({ outboxId: id }, context);
      expect(await statusOf(id)).toBe('unconfirmed');
    }

    const relayLog = services.smtp?.log;
    if (!relayLog) throw new Error('the relay has no log');
    const review = await reviewUnconfirmed(db, relayLog);
    expect(review.released).toBe(1);
    expect(await statusOf(delivered.id)).toBe('sent');
    expect(await statusOf(notDelivered.id)).toBe('pending');
    await respondHandler(deps)({ outboxId: notDelivered.id }, context);
    expect(await statusOf(notDelivered.id)).toBe('sent');
    expect(await arrived(notDelivered.messageId)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await arrived(delivered.messageId)).toHaveLength(1);
    expect(await arrived(notDelivered.messageId)).toHaveLength(1);
  });

  it('when the SMTP server refuses for now, then the answer goes back to pending for a retry, and the retry sends it once', async () => {
    const answer = await queuedAnswer();
    const refusing: SmtpSender = {
      send: async () => {
        throw new AppError('SMTP_TEMPORARY', 'SMTP relay answered 451: try again later');
      },
      close: () => undefined,
    };
    await expect(
      respondHandler({ ...deps, smtp: refusing })({ outboxId: answer.id }, context),
    ).rejects.toThrow(/451/);
    expect(await statusOf(answer.id)).toBe('pending');
    await respondHandler(deps)({ outboxId: answer.id }, context);
    expect(await statusOf(answer.id)).toBe('sent');
    expect(await waitForMail(answer.messageId)).toHaveLength(1);
  });

  it('when the TSA is down, then nothing unsigned goes out: the answer stays pending with a retryable error', async () => {
    const answer = await queuedAnswer();
    server.setDown('tsa', true);
    try {
      await expect(respondHandler(deps)({ outboxId: answer.id }, context)).rejects.toMatchObject({
        code: 'SEAL_TSA_FAILED',
      });
    } finally {
      server.setDown('tsa', false);
    }
    expect(await statusOf(answer.id)).toBe('pending');
    expect(await waitForMail(answer.messageId, 1_000)).toHaveLength(0);
    await respondHandler(deps)({ outboxId: answer.id }, context);
    expect(await statusOf(answer.id)).toBe('sent');
  });

  it('when more answers go to one address in a day than the cap allows, then the rest are held for staff', async () => {
    const recipient = 'iestade@institution-a.test';
    const statuses: Array<string | undefined> = [];
    for (let i = 0; i < 6; i += 1) {
      const answer = await queuedAnswer(recipient);
      await respondHandler(deps)({ outboxId: answer.id }, context);
      statuses.push(await statusOf(answer.id));
    }
    expect(statuses).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'held']);
  });
});
