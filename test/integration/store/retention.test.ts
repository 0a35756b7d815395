import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../../pipelines/retention.js';
import {
  createFileBlobStore,
  listAudit,
  migrate,
  migrations,
  openPglite,
  type BlobStore,
  type Database,
} from '../../../src/store/index.js';
import { seedDashboard, type DashboardSeed } from '../../support/dashboard-seed.js';

/** Raw mail and documents past retention go; what compliance needs stays. */
let db: Database;
let blobs: BlobStore;
let seed: DashboardSeed;
const dir = mkdtempSync(join(tmpdir(), 'intake-retention-'));

beforeAll(async () => {
  db = await openPglite(undefined);
  await migrate(db, migrations);
  seed = await seedDashboard(db);
  blobs = createFileBlobStore(dir);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function useBlob(messageId: string, bytes: string): Promise<string> {
  const { sha256 } = await blobs.put(new TextEncoder().encode(bytes));
  await db.query('UPDATE messages SET raw_sha256 = $2 WHERE id = $1', [messageId, sha256]);
  return sha256;
}

const count = async (sql: string): Promise<number> =>
  Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);

describe('intake purge', () => {
  it('purges only mail of finished cases, keeps blobs still needed, keeps every report, and is audited', async () => {
    const unique = await useBlob(seed.messageIds.autoReply, 'an auto-reply, nothing else has it');
    // The same bytes as a message of an open case (a re-sent mail): must survive.
    const shared = await useBlob(seed.messageIds.refused, 'a mail that was sent twice');
    await useBlob(seed.messageIds.productionRequest, 'a mail that was sent twice');
    const reportsBefore = await count('SELECT count(*)::text AS n FROM verification_reports');
    const later = new Date(Date.now() + 3_600_000);

    const dry = await purgeExpired(db, blobs, { before: later, dryRun: true, by: 'test' });
    expect(dry.messages).toBeGreaterThan(0);
    expect(
      await count('SELECT count(*)::text AS n FROM messages WHERE purged_at IS NOT NULL'),
    ).toBe(0);
    expect(await blobs.has(unique)).toBe(true);

    const done = await purgeExpired(db, blobs, { before: later, dryRun: false, by: 'inga' });
    expect(done.messages).toBe(dry.messages);
    const purged = (
      await db.query<{ id: string }>(
        'SELECT id::text AS id FROM messages WHERE purged_at IS NOT NULL',
      )
    ).rows.map((r) => r.id);
    // Closed cases (registered, refused) and mail in no case are purged; open cases are not.
    expect(purged).toEqual(
      expect.arrayContaining([
        seed.messageIds.registration,
        seed.messageIds.refused,
        seed.messageIds.autoReply,
        seed.messageIds.failed,
      ]),
    );
    for (const open of [
      seed.messageIds.productionRequest,
      seed.messageIds.signedAct,
      seed.messageIds.supportQuestion,
    ])
      expect(purged).not.toContain(open);
    expect(await blobs.has(unique)).toBe(false);
    expect(await blobs.has(shared)).toBe(true);
    expect(done.blobsShared).toBeGreaterThanOrEqual(1);
    // Compliance keeps every verification report; the purged documents' form values are gone.
    expect(await count('SELECT count(*)::text AS n FROM verification_reports')).toBe(reportsBefore);
    expect(
      await count(
        `SELECT count(*)::text AS n FROM form_readings f JOIN messages m ON m.id = f.message_id
          WHERE m.purged_at IS NOT NULL AND f.field_values IS NOT NULL`,
      ),
    ).toBe(0);
    expect((await listAudit(db, 'retention')).at(-1)).toMatchObject({
      actor: 'staff:inga',
      action: 'retention.purge',
    });
    // A second run finds nothing new.
    expect(
      (await purgeExpired(db, blobs, { before: later, dryRun: false, by: 'inga' })).messages,
    ).toBe(0);
  });
});
