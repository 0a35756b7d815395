import { readFile } from 'node:fs/promises';
import { addStaffUser, changeStaffUser } from '../../../pipelines/staff-actions.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import { openDatabase, type Database } from '../../store/index.js';
import { listStaffUsers, STAFF_ROLES, type StaffRole } from '../../store/staff-repository.js';

/** Dashboard accounts from the command line: the first admin is made here. */
async function withDatabase<T>(config: Readonly<Config>, work: (db: Database) => Promise<T>) {
  const db = await openDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

export function parseRole(value: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(value))
    throw new AppError('CLI_USAGE', `--role must be one of: ${STAFF_ROLES.join(', ')}`);
  return value as StaffRole;
}

/** A password from a file (first line), never from the command line where `ps` shows it. */
async function passwordFrom(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  return text.split(/\r?\n/)[0] ?? '';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function addUserCommand(
  config: Readonly<Config>,
  username: string,
  opts: { role: string; name?: string; passwordFile?: string; by?: string },
): Promise<string> {
  const role = parseRole(opts.role);
  const password = await passwordFrom(opts.passwordFile);
  const result = await withDatabase(config, (db) =>
    addStaffUser(
      db,
      {
        username,
        role,
        ...(opts.name ? { displayName: opts.name } : {}),
        ...(password === undefined ? {} : { password }),
      },
      opts.by ?? 'cli',
    ),
  );
  return result.generatedPassword === undefined
    ? `user ${result.user.username} (${result.user.role}) added`
    : `user ${result.user.username} (${result.user.role}) added; password (shown once): ${result.generatedPassword}`;
}

export async function listUsersCommand(config: Readonly<Config>): Promise<string> {
  const users = await withDatabase(config, listStaffUsers);
  if (users.length === 0) return 'no users';
  return users
    .map(
      (u) =>
        `${u.username.padEnd(20)} ${u.role.padEnd(11)} ${u.disabled ? 'disabled' : 'active  '} ${u.displayName}`,
    )
    .join('\n');
}

export async function changeUserCommand(
  config: Readonly<Config>,
  username: string,
  opts: { role?: string; disable?: boolean; enable?: boolean; passwordFile?: string; by?: string },
): Promise<string> {
  const password = await passwordFrom(opts.passwordFile);
  const user = await withDatabase(config, (db) =>
    changeStaffUser(
      db,
      username,
      {
        ...(opts.role ? { role: parseRole(opts.role) } : {}),
        ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
        ...(password === undefined ? {} : { password }),
      },
      opts.by ?? 'cli',
    ),
  );
  return `user ${user.username}: ${user.role}, ${user.disabled ? 'disabled' : 'active'} (sessions ended)`;
}
