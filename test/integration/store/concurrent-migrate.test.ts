import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrations, openPostgres, type Database } from '../../../src/store/index.js';
import { createScratchDatabase } from '../../support/databases.js';

/**
 * Regression, found by the fault drills: a poller and two workers starting together on a fresh
 * database raced on `CREATE TABLE IF NOT EXISTS schema_migrations` (outside the advisory lock)
 * and one process died of "type schema_migrations already exists".
 */
const PROCESSES = 4;
const ROUNDS = 5;
const scratches: Array<Awaited<ReturnType<typeof createScratchDatabase>>> = [];
const pools: Database[] = [];

beforeAll(async () => {
  for (let i = 0; i < ROUNDS; i += 1) scratches.push(await createScratchDatabase('migrace'));
});

afterAll(async () => {
  for (const db of pools) await db.close();
  for (const scratch of scratches) await scratch.drop();
});

describe('migrations started by several processes at once', () => {
  it('when several processes migrate a fresh database together, then every one succeeds and each migration is applied once', async () => {
    for (const scratch of scratches) {
      const dbs = Array.from({ length: PROCESSES }, () =>
        openPostgres({ url: scratch.url, poolSize: 2 }),
      );
      pools.push(...dbs);
      const applied = await Promise.all(dbs.map((db) => migrate(db, migrations)));
      expect(applied.flat().sort((a, b) => a - b)).toEqual(migrations.map((m) => m.id));
    }
  });
});
