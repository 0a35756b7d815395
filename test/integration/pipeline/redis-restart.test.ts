import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningService } from '../../../src/cli/commands/serve.js';
import { validateConfig } from '../../../src/config/index.js';
import { createScratchDatabase } from '../../support/databases.js';
import { servicesDown, servicesUp, type ServicesState } from '../../../scripts/services/index.js';
import {
  spawnDetached,
  stopPid,
  waitFor as waitForService,
  which,
} from '../../../scripts/services/process-tools.js';
import { redisReachable } from '../../../scripts/services/redis.js';

/**
 * Redis goes down while mail arrives and comes back: nothing is lost. The poller cannot hand the
 * mail on while Redis is down, so it leaves it in the folder and takes it in once Redis answers.
 * This test runs its own Redis (restarting the shared one would disturb other tests).
 */
const services = inject('services');
// An agency mailbox of its own: no other test polls it or sends mail to it, so nothing but this
// test's mail can move while Redis is down.
const account = services.dovecot?.accounts.find((a) => a.address.startsWith('noturiba-e-adrese@'));
const dir = mkdtempSync(join(tmpdir(), 'intake-redis-restart-'));
let own: ServicesState;
let running: RunningService;
let sql: pg.Client;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  chmodSync(dir, 0o755);
  own = await servicesUp({ dataDir: join(dir, 'own'), services: ['redis'], env: {} });
  scratch = await createScratchDatabase('redis_restart');
  if (!account || !services.dovecot || !own.redis) throw new Error('services missing');
  running = await serve(
    validateConfig({
      dataDir: dir,
      log: { level: 'error' },
      database: { url: scratch.url },
      redis: { url: own.redis.url, prefix: 'restart' },
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
      web: { port: 0 },
    }),
    'all',
  );
  sql = new pg.Client({ connectionString: scratch.url });
  await sql.connect();
}, 120_000);

afterAll(async () => {
  // If the test failed while Redis was down, bring it back so the service can shut down cleanly.
  const url = own?.redis?.url;
  if (url && !(await redisReachable(url))) {
    startOwnRedis(url);
    await waitForService('redis', () => redisReachable(url));
  }
  await running?.stop('test finished');
  await sql?.end();
  await servicesDown(join(dir, 'own'));
  await scratch?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Same configuration file, so the same port and the same append-only file. */
function startOwnRedis(url: string): void {
  const binary = which('redis-server') ?? 'redis-server';
  const pid = spawnDetached(
    binary,
    [join(dir, 'own', 'services', 'redis', 'redis.conf')],
    join(dir, 'own', 'services', 'redis', 'redis.log'),
  );
  own.redis = { url, pid };
}

describe('Redis restarted while mail arrives', () => {
  it('when Redis is down during delivery and comes back, then every mail is taken in once', async () => {
    const redis = own.redis;
    if (!redis?.pid) throw new Error('no own redis');
    await stopPid(redis.pid);
    const transport = nodemailer.createTransport({
      host: services.smtp?.host,
      port: services.smtp?.port,
      secure: false,
      ignoreTLS: true,
    });
    const subjects = ['Kamēr Redis nestrādā 1', 'Kamēr Redis nestrādā 2'];
    for (const subject of subjects)
      await transport.sendMail({
        from: 'iestade@institution-a.test',
        to: account?.address,
        subject,
        text: 'x',
      });
    await new Promise((r) => setTimeout(r, 2_000));
    // Nothing could be handed on: whatever was taken in waits as 'stored'.
    const moved = await sql.query<{ subject: string; status: string }>(
      "SELECT subject, status FROM messages WHERE status <> 'stored'",
    );
    expect(moved.rows).toEqual([]);

    startOwnRedis(redis.url);
    await waitForService('redis', () => redisReachable(redis.url));

    const deadline = Date.now() + 60_000;
    let rows: Array<{ subject: string; status: string }> = [];
    while (Date.now() < deadline) {
      rows = (
        await sql.query<{ subject: string; status: string }>(
          "SELECT subject, status FROM messages WHERE subject LIKE 'Kamēr Redis%' ORDER BY subject",
        )
      ).rows;
      if (rows.length === 2 && rows.every((r) => r.status === 'processed')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(rows).toEqual(subjects.map((subject) => ({ subject, status: 'processed' })));
    // Plain questions: each became exactly one support ticket, acknowledged once.
    const tickets = await sql.query<{ procedure: string; answers: string }>(
      `SELECT c.procedure, (SELECT count(*) FROM outbox o WHERE o.case_id = c.id)::text AS answers
       FROM messages m JOIN case_messages cm ON cm.message_id = m.id JOIN cases c ON c.id = cm.case_id
       WHERE m.subject LIKE 'Kamēr Redis%'`,
    );
    expect(tickets.rows).toEqual([
      { procedure: 'support', answers: '1' },
      { procedure: 'support', answers: '1' },
    ]);
  });
});
