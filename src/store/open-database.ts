import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { openPglite } from './pglite-database.js';
import { openPostgres } from './postgres-database.js';

/** PostgreSQL when `database.url` is set, otherwise PGlite under the data directory; migrated. */
export async function openDatabase(
  config: Pick<Config, 'database' | 'dataDir'>,
): Promise<Database> {
  // A fresh data directory (a first `intake catalogue import` before any `serve`) is created:
  // PGlite makes only its own last folder.
  if (config.database.url === undefined) await mkdir(config.dataDir, { recursive: true });
  const db =
    config.database.url === undefined
      ? await openPglite(join(config.dataDir, 'pglite'))
      : openPostgres({ url: config.database.url, poolSize: config.database.poolSize });
  try {
    await migrate(db, migrations);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
