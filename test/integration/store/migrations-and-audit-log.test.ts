import { describe, expect, it } from 'vitest';
import { appendAudit, listAudit, migrate, migrations } from '../../../src/store/index.js';
import { testDatabases } from '../../support/databases.js';

describe.each(testDatabases())('database on $name', ({ open }) => {
  it('when migrations run twice, then the second run applies nothing and the schema is recorded once', async () => {
    const { db, close } = await open();
    try {
      expect(await migrate(db, migrations)).toEqual([]);
      const recorded = await db.query<{ id: number }>(
        'SELECT id FROM schema_migrations ORDER BY id',
      );
      expect(recorded.rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
    } finally {
      await close();
    }
  });

  it('when a staff action is audited, then it reads back in order with before and after', async () => {
    const { db, close } = await open();
    try {
      await appendAudit(db, {
        actor: 'operator:anna',
        action: 'case.retry',
        subject: 'case:42',
        before: { state: 'failed' },
        after: { state: 'queued' },
      });
      await appendAudit(db, { actor: 'system', action: 'case.note', subject: 'case:42' });
      await appendAudit(db, { actor: 'system', action: 'case.note', subject: 'case:43' });
      const entries = await listAudit(db, 'case:42');
      expect(entries.map((e) => e.action)).toEqual(['case.retry', 'case.note']);
      expect(entries[0]?.before).toEqual({ state: 'failed' });
      expect(entries[0]?.after).toEqual({ state: 'queued' });
      expect(entries[1]?.before).toBeNull();
      expect(entries[0]?.at).toBeInstanceOf(Date);
    } finally {
      await close();
    }
  });

  it('when anything tries to rewrite or delete the audit log, then the database refuses', async () => {
    const { db, close } = await open();
    try {
      await appendAudit(db, { actor: 'system', action: 'x', subject: 's' });
      await expect(db.query("UPDATE audit_log SET actor = 'mallory'")).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      expect((await listAudit(db, 's'))[0]?.actor).toBe('system');
    } finally {
      await close();
    }
  });

  it('when a transaction fails half-way, then none of its writes remain', async () => {
    const { db, close } = await open();
    try {
      await expect(
        db.transaction(async (tx) => {
          await appendAudit(tx, { actor: 'system', action: 'first', subject: 'tx' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await listAudit(db, 'tx')).toEqual([]);
    } finally {
      await close();
    }
  });
});
