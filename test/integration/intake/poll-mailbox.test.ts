import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../../src/adapters/logger.js';
import { validateConfig, type MailboxConfig } from '../../../src/config/index.js';
import { watchMailbox } from '../../../src/intake/mailbox-watcher.js';
import { pollMailboxOnce, TAKEN_KEYWORD } from '../../../src/intake/poll-mailbox.js';
import {
  createFileBlobStore,
  getMessage,
  migrate,
  migrations,
  openPglite,
  type Database,
} from '../../../src/store/index.js';

/**
 * The poller against the real Dovecot and SMTP relay of the test services, with the embedded
 * database: every mail is stored, recorded, handed on exactly once and moved.
 */
const services = inject('services');
const account = services.dovecot?.accounts.find((a) => a.role === 'support');
const logger = createLogger({ level: 'silent' });
let db: Database;
let dir: string;
let client: ImapFlow;

function mailboxConfig(overrides: Partial<MailboxConfig> = {}): MailboxConfig {
  if (!account || !services.dovecot) throw new Error('no support account');
  return validateConfig({
    mailboxes: [
      {
        name: 'support',
        host: services.dovecot.host,
        port: services.dovecot.imapPort,
        secure: false,
        user: account.address,
        password: account.password,
        ...overrides,
      },
    ],
  }).mailboxes[0] as MailboxConfig;
}

async function send(subject: string, extra: Record<string, unknown> = {}): Promise<void> {
  if (!services.smtp || !account) throw new Error('no smtp');
  await nodemailer
    .createTransport({
      host: services.smtp.host,
      port: services.smtp.port,
      secure: false,
      ignoreTLS: true,
    })
    .sendMail({
      from: 'iestade@institution-b.test',
      to: account.address,
      subject,
      text: 'Lūdzu publicēt tīmekļa pakalpi.',
      attachments: [
        { filename: 'apraksts.pdf', content: Buffer.from(`%PDF-1.7\n% ${subject}\n%%EOF\n`) },
      ],
      ...extra,
    });
}

async function folderCount(path: string): Promise<number> {
  const status = await client.status(path, { messages: true });
  return status === false ? 0 : (status.messages ?? 0);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-poll-'));
  db = await openPglite(undefined);
  await migrate(db, migrations);
  const config = mailboxConfig();
  client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: false,
    auth: { user: config.user, pass: config.password },
    logger: false,
  });
  await client.connect();
}, 60_000);

afterAll(async () => {
  await client?.logout();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each test starts with an empty INBOX and Processed folder.
  for (const folder of ['INBOX', 'Processed']) {
    const lock = await client.getMailboxLock(folder);
    try {
      if ((client.mailbox && client.mailbox.exists) || 0) await client.messageDelete('1:*');
    } finally {
      lock.release();
    }
  }
});

describe('polling a mailbox', () => {
  it('when two forms arrive, then each is stored, recorded, handed on once and moved to Processed', async () => {
    await send('Pieprasījums 1');
    await send('Pieprasījums 2');
    const enqueued: string[] = [];
    const blobs = createFileBlobStore(join(dir, 'a'));
    const result = await pollMailboxOnce({
      client,
      mailbox: mailboxConfig(),
      db,
      blobs,
      enqueue: async (id) => void enqueued.push(id),
      maxMailBytes: 10_000_000,
      logger,
    });
    expect(result).toMatchObject({ listed: 2, taken: 2, duplicates: 0 });
    expect(enqueued).toHaveLength(2);
    for (const id of enqueued) expect((await getMessage(db, id))?.status).toBe('queued');
    const rows = await db.query<{ raw_sha256: string; subject: string }>(
      'SELECT raw_sha256, subject FROM messages WHERE id = ANY($1::bigint[]) ORDER BY id',
      [enqueued],
    );
    expect(rows.rows.map((r) => r.subject)).toEqual(['Pieprasījums 1', 'Pieprasījums 2']);
    for (const row of rows.rows) expect(await blobs.has(row.raw_sha256)).toBe(true);
    expect(await folderCount('INBOX')).toBe(0);
    expect(await folderCount('Processed')).toBe(2);
    expect(
      (
        await pollMailboxOnce({
          client,
          mailbox: mailboxConfig(),
          db,
          blobs,
          enqueue: async (id) => void enqueued.push(id),
          maxMailBytes: 10_000_000,
          logger,
        })
      ).listed,
    ).toBe(0);
  });

  it('when handing on fails after the mail was recorded (a crash), then the next poll finishes it without recording it twice', async () => {
    await send('Pēc avārijas');
    const blobs = createFileBlobStore(join(dir, 'b'));
    await expect(
      pollMailboxOnce({
        client,
        mailbox: mailboxConfig(),
        db,
        blobs,
        enqueue: async () => Promise.reject(new Error('redis down')),
        maxMailBytes: 10_000_000,
        logger,
      }),
    ).rejects.toThrow('redis down');
    expect(await folderCount('INBOX')).toBe(1);
    const enqueued: string[] = [];
    await pollMailboxOnce({
      client,
      mailbox: mailboxConfig(),
      db,
      blobs,
      enqueue: async (id) => void enqueued.push(id),
      maxMailBytes: 10_000_000,
      logger,
    });
    expect(enqueued).toHaveLength(1);
    expect((await db.query("SELECT 1 FROM messages WHERE subject = 'Pēc avārijas'")).rowCount).toBe(
      1,
    );
    expect(await folderCount('INBOX')).toBe(0);
  });

  it('when the same mail is delivered twice, then the second copy is recorded as a duplicate and not handed on', async () => {
    // One message, delivered twice as the same bytes (a sender's retry): trace headers differ, the body not.
    const raw = await new MailComposer({
      from: 'iestade@institution-b.test',
      to: account?.address,
      subject: 'Divreiz',
      messageId: '<twice@institution-b.test>',
      text: 'x',
    })
      .compile()
      .build();
    await send('', { raw, envelope: { from: 'iestade@institution-b.test', to: account?.address } });
    await send('', { raw, envelope: { from: 'iestade@institution-b.test', to: account?.address } });
    const enqueued: string[] = [];
    const result = await pollMailboxOnce({
      client,
      mailbox: mailboxConfig(),
      db,
      blobs: createFileBlobStore(join(dir, 'c')),
      enqueue: async (id) => void enqueued.push(id),
      maxMailBytes: 10_000_000,
      logger,
    });
    expect(result).toMatchObject({ taken: 2, duplicates: 1 });
    expect(enqueued).toHaveLength(1);
  });

  it('when a mail exceeds the size limit, then it is stored and recorded as oversize, and handed on only so the sender is told', async () => {
    await send('Pārāk liels');
    const enqueued: string[] = [];
    const result = await pollMailboxOnce({
      client,
      mailbox: mailboxConfig(),
      db,
      blobs: createFileBlobStore(join(dir, 'd')),
      enqueue: async (id) => void enqueued.push(id),
      maxMailBytes: 100,
      logger,
    });
    expect(result.oversize).toBe(1);
    expect(enqueued).toHaveLength(1);
    const row = (
      await db.query<{ status: string; status_reason: string; raw_sha256: string; size: string }>(
        "SELECT status, status_reason, raw_sha256, size::text AS size FROM messages WHERE subject = 'Pārāk liels'",
      )
    ).rows[0];
    expect(row).toMatchObject({
      status: 'oversize',
      status_reason: expect.stringMatching(/limit is 100$/),
    });
    // Streamed whole into the blob store; only its headers were read for the record.
    const stored = await createFileBlobStore(join(dir, 'd')).get(row?.raw_sha256 ?? '');
    expect(stored.byteLength).toBe(Number(row?.size));
    expect(Buffer.from(stored).toString()).toContain('apraksts.pdf');
  });

  it('with after: flag, the mail stays in the folder marked as taken and is not taken again', async () => {
    await send('Karodziņš');
    const enqueued: string[] = [];
    const deps = {
      client,
      mailbox: mailboxConfig({ after: 'flag' }),
      db,
      blobs: createFileBlobStore(join(dir, 'e')),
      enqueue: async (id: string) => void enqueued.push(id),
      maxMailBytes: 10_000_000,
      logger,
    };
    expect((await pollMailboxOnce(deps)).taken).toBe(1);
    expect((await pollMailboxOnce(deps)).listed).toBe(0);
    expect(enqueued).toHaveLength(1);
    const lock = await client.getMailboxLock('INBOX');
    try {
      const [message] = await client.fetchAll('1:*', { flags: true });
      expect(message?.flags?.has(TAKEN_KEYWORD)).toBe(true);
    } finally {
      lock.release();
    }
  });
});

describe('a mailbox whose UIDVALIDITY changes', () => {
  it('when the folder is recreated on the server (every UID changes meaning), then a rescan takes in only the mail not seen before', async () => {
    const folder = 'Uzņemšana';
    const mailbox = mailboxConfig({ folder, after: 'flag' });
    const raw = async (subject: string): Promise<Buffer> =>
      new MailComposer({
        from: 'iestade@institution-b.test',
        to: account?.address,
        subject,
        messageId: `<${subject.replace(/\W/g, '')}@institution-b.test>`,
        text: 'Sveiki.',
      })
        .compile()
        .build();
    const [a, b, c] = await Promise.all([raw('UID A'), raw('UID B'), raw('UID C')]);
    const recreate = async (): Promise<number> => {
      if ((await client.list()).some((f) => f.path === folder)) await client.mailboxDelete(folder);
      await client.mailboxCreate(folder);
      const status = await client.status(folder, { uidValidity: true });
      return Number(status === false ? 0 : status.uidValidity);
    };
    const enqueued: string[] = [];
    const deps = {
      client,
      mailbox,
      db,
      blobs: createFileBlobStore(join(dir, 'uidvalidity')),
      enqueue: async (id: string) => void enqueued.push(id),
      maxMailBytes: 10_000_000,
      logger,
    };

    const first = await recreate();
    for (const mail of [a, b]) await client.append(folder, mail as Buffer);
    expect(await pollMailboxOnce(deps)).toMatchObject({ taken: 2, duplicates: 0 });
    expect(enqueued).toHaveLength(2);

    // Dovecot derives UIDVALIDITY from the clock: wait so the new folder gets another one.
    await new Promise((r) => setTimeout(r, 1_100));
    const second = await recreate();
    expect(second).not.toBe(first);
    for (const mail of [a, b, c]) await client.append(folder, mail as Buffer);
    const rescan = await pollMailboxOnce(deps);
    // All three leave the folder (taken); only the new one is handed on.
    expect(rescan).toMatchObject({ listed: 3, duplicates: 2, taken: 3 });
    expect(enqueued).toHaveLength(3);
    const subjects = await db.query<{ subject: string; status: string }>(
      "SELECT subject, status FROM messages WHERE subject LIKE 'UID _' ORDER BY id",
    );
    expect(subjects.rows.map((r) => `${r.subject}:${r.status}`)).toEqual([
      'UID A:queued',
      'UID B:queued',
      'UID A:duplicate',
      'UID B:duplicate',
      'UID C:queued',
    ]);
    await client.mailboxDelete(folder);
  });
});

describe('watching a mailbox', () => {
  it('when mail arrives, the watcher takes it in without waiting for the reconcile interval; after a dropped connection it reconnects and takes in what arrived meanwhile', async () => {
    const enqueued: string[] = [];
    const blobs = createFileBlobStore(join(dir, 'w'));
    const mailbox = mailboxConfig();
    const watcher = watchMailbox({
      mailbox,
      logger,
      reconcileIntervalMs: 600_000,
      poll: (c) =>
        pollMailboxOnce({
          client: c,
          mailbox,
          db,
          blobs,
          enqueue: async (id) => void enqueued.push(id),
          maxMailBytes: 10_000_000,
          logger,
        }),
    });
    const until = async (condition: () => boolean): Promise<void> => {
      const deadline = Date.now() + 15_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() => watcher.passes >= 1);
      await send('Ar IDLE');
      await until(() => enqueued.length === 1);
      watcher.dropConnection();
      await send('Kamēr nebija savienojuma');
      await until(() => enqueued.length === 2);
    } finally {
      await watcher.stop();
    }
    expect(enqueued).toHaveLength(2);
  });
});
