import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/adapters/passwords.js';
import {
  addUserCommand,
  changeUserCommand,
  listUsersCommand,
} from '../../../src/cli/commands/users.js';
import { validateConfig } from '../../../src/config/index.js';
import { listAudit, openDatabase } from '../../../src/store/index.js';
import { staffUserForLogin } from '../../../src/store/staff-repository.js';

/** The first dashboard accounts are made from the command line; passwords never on argv. */
const dir = mkdtempSync(join(tmpdir(), 'intake-users-cli-'));
const config = validateConfig({ dataDir: dir, log: { level: 'silent' } });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function account(username: string) {
  const db = await openDatabase(config);
  try {
    return {
      login: await staffUserForLogin(db, username),
      audit: await listAudit(db, `user:${username}`),
    };
  } finally {
    await db.close();
  }
}

describe('intake users', () => {
  it('when an admin is added without a password file, then a password is generated, shown once and stored only as a hash', async () => {
    const out = await addUserCommand(config, 'Ilze.Admin', { role: 'admin', name: 'Ilze' });
    const password = /shown once\): (\S+)$/.exec(out)?.[1] ?? '';
    expect(password).toMatch(/^[\w-]{20}$/);
    const { login, audit } = await account('ilze.admin');
    expect(login?.user).toMatchObject({
      username: 'ilze.admin',
      role: 'admin',
      displayName: 'Ilze',
    });
    expect(login?.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, login?.passwordHash ?? '')).toBe(true);
    expect(audit[0]).toMatchObject({
      actor: 'staff:cli',
      action: 'user.add',
      after: { role: 'admin' },
    });
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it('when a password file is given, then its first line is the password and nothing is printed', async () => {
    const file = join(dir, 'pw.txt');
    writeFileSync(file, 'a long enough password\nsecond line ignored\n', { mode: 0o600 });
    expect(await addUserCommand(config, 'anna', { role: 'compliance', passwordFile: file })).toBe(
      'user anna (compliance) added',
    );
    const { login } = await account('anna');
    expect(await verifyPassword('a long enough password', login?.passwordHash ?? '')).toBe(true);
  });

  it('when a name is taken, a role unknown or a password short, then nothing is added and it says why', async () => {
    await expect(addUserCommand(config, 'anna', { role: 'operator' })).rejects.toThrow(
      /already exists/,
    );
    await expect(addUserCommand(config, 'bob', { role: 'root' })).rejects.toThrow(
      /operator, compliance, admin/,
    );
    const file = join(dir, 'short.txt');
    writeFileSync(file, 'short\n');
    await expect(
      addUserCommand(config, 'bob', { role: 'operator', passwordFile: file }),
    ).rejects.toThrow(/12 to 256/);
    expect(await listUsersCommand(config)).not.toContain('bob');
  });

  it('when an account is disabled, then it is listed so and the change is in the audit log', async () => {
    expect(await changeUserCommand(config, 'anna', { disable: true })).toContain('disabled');
    expect(await listUsersCommand(config)).toMatch(/anna\s+compliance\s+disabled/);
    const { audit } = await account('anna');
    expect(audit.at(-1)).toMatchObject({
      action: 'user.change',
      before: { disabled: false },
      after: { disabled: true },
    });
  });
});
