import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

/**
 * The embedded default: a real PostgreSQL compiled to WebAssembly, keeping its files in the data
 * directory. One connection only, so transactions are serialised by PGlite itself.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await db.waitReady;
  const wrap = (conn: Pick<Transaction, 'query' | 'exec'>): Queryable => ({
    query: async (sql, params) => {
      const result = await conn.query(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows 0 for SELECT; pg reports the rows returned.
      const rowCount = result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
      return { rows: result.rows as never[], rowCount };
    },
    exec: async (sql) => void (await conn.exec(sql)),
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (work) => db.transaction(async (tx) => work(wrap(tx))),
    async ping() {
      await db.query('SELECT 1');
    },
    async close() {
      await db.close();
    },
  };
}
