import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors/index.js';
import { openPostgres, type Database } from '../../../src/store/index.js';
import { createScratchDatabase } from '../../support/databases.js';

/**
 * Regression, found by the PostgreSQL-restart fault drill: a restart terminates every backend,
 * and a pooled client checked out for a transaction had no 'error' listener, so the worker and
 * poller processes died of an unhandled 'error' event. Terminating the transaction's backend from
 * outside does the same to one connection.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Database;

beforeAll(async () => {
  scratch = await createScratchDatabase('connlost');
  db = openPostgres({ url: scratch.url, poolSize: 2 });
});

afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});

async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('PostgreSQL connection lost inside a transaction', () => {
  it('when the server terminates the backend mid-transaction, then the transaction fails as DB_UNAVAILABLE (retryable) and the next query works, with no crash', async () => {
    const failure = await db
      .transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate(Number(rows[0]?.pid));
        // Let the server's FATAL message arrive as an 'error' event on the idle client.
        await new Promise((r) => setTimeout(r, 200));
        await tx.query('SELECT 1');
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isAppError(failure, 'DB_UNAVAILABLE'), String(failure)).toBe(true);
    const after = await db.query<{ one: number }>('SELECT 1 AS one');
    expect(after.rows[0]?.one).toBe(1);
  });
});
