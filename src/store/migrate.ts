import { AppError } from '../errors/index.js';
import type { Database } from './database.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Any constant will do; it only has to be the same in every process of this service. */
const MIGRATION_LOCK_KEY = 4_711_2026;

/**
 * Applies the migrations not yet recorded, each in its own transaction, under an advisory lock so
 * that several processes starting at once migrate exactly once. Returns the ids applied now.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<number[]> {
  assertOrdered(migrations);
  // Under the lock too: two processes starting at once on a fresh database both running
  // CREATE TABLE IF NOT EXISTS can collide on the table's row type ("type schema_migrations
  // already exists"), which the fault drills met when a poller and two workers started together.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
      if (seen.rowCount > 0) return false;
      try {
        await tx.exec(migration.sql);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new AppError(
          'DB_MIGRATION_FAILED',
          `migration ${migration.id} (${migration.name}) failed: ${message}`,
          { cause },
        );
      }
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        migration.id,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.id !== i + 1)
      throw new Error(`migration list out of order at ${m.name}: id ${m.id}, expected ${i + 1}`);
  });
}
