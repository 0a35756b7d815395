import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  migrate,
  migrations,
  openPglite,
  openPostgres,
  type Database,
} from '../../src/store/index.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database of this engine; `close` drops what it made. */
  open: () => Promise<{ db: Database; close: () => Promise<void> }>;
}

/** The two engines every database test runs against: same migrations, same SQL. */
export function testDatabases(): TestDatabase[] {
  const url = inject('services').postgres?.url;
  if (url === undefined) throw new Error('global setup did not start PostgreSQL');
  return [
    {
      name: 'pglite',
      open: async () => {
        const db = await openPglite(undefined);
        await migrate(db, migrations);
        return { db, close: () => db.close() };
      },
    },
    {
      name: 'postgres',
      open: async () => {
        // A schema per test keeps parallel test files apart on one server.
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.end();
        const db = openPostgres({ url, poolSize: 4, schema });
        await migrate(db, migrations);
        return {
          db,
          close: async () => {
            await db.close();
            const cleanup = new pg.Client({ connectionString: url });
            await cleanup.connect();
            await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
            await cleanup.end();
          },
        };
      },
    },
  ];
}

/**
 * A database of its own on the test PostgreSQL server, for tests that run the whole service
 * (which opens its own pool); `drop` removes it even while connections linger.
 */
export async function createScratchDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = inject('services').postgres?.url;
  if (serverUrl === undefined) throw new Error('global setup did not start PostgreSQL');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
