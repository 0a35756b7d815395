import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ensureBinary, freePort, isRoot, spawnDetached, waitFor } from './process-tools.js';

export interface PostgresState {
  url: string;
  pid?: number;
}

/** Debian keeps the server binaries out of PATH, one folder per major version. */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A throw-away PostgreSQL cluster in the data directory (trust auth, loopback only), for the
 * database tests' second engine when no DATABASE_URL is given. PostgreSQL refuses to run as
 * root, so as root the cluster belongs to Debian's `postgres` user.
 */
export async function postgresUp(
  dir: string,
  preferredUrl: string | undefined,
): Promise<PostgresState> {
  if (preferredUrl && (await accepts(preferredUrl))) return { url: preferredUrl };
  const bin = ensureBinary(findPgBin, ['postgresql']);
  const dataDir = join(dir, 'cluster');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir, { recursive: true });
  chmodSync(dir, 0o755);
  const asOwner = (command: string, args: string[]): [string, string[]] =>
    isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(socketDir, uid, gid);
    if (!existsSync(dataDir)) {
      mkdirSync(dataDir, { mode: 0o700 });
      chownSync(dataDir, uid, gid);
    }
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const [cmd, args] = asOwner(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--no-sync',
    ]);
    execFileSync(cmd, args, { stdio: 'ignore' });
  }
  const port = await freePort();
  const log = join(dir, 'postgres.log');
  const [cmd, args] = asOwner(join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    socketDir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  // runuser stays the parent of postgres, so its pid is the one to signal (it forwards SIGTERM).
  const pid = spawnDetached(cmd, args, log);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor('postgres', () => accepts(adminUrl), undefined, log);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'intake'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE intake');
  await admin.end();
  return { url: `postgres://postgres@127.0.0.1:${port}/intake`, pid };
}
