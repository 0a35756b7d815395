import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addStaffUser, changeStaffUser } from '../pipelines/staff-actions.js';
import { generatePassword } from '../src/adapters/passwords.js';
import type { Database } from '../src/store/index.js';
import { staffUserForLogin, STAFF_ROLES, type StaffRole } from '../src/store/staff-repository.js';

export type DemoLogins = Record<StaffRole, { username: string; password: string }>;

/**
 * One demo account per role, made once per data directory; their passwords are kept beside the
 * demo's data (mode 600), never in the repository, so a second run signs in with the same ones.
 */
export async function ensureDemoLogins(db: Database, dataDir: string): Promise<DemoLogins> {
  const file = join(dataDir, 'demo-logins.json');
  const known: Partial<DemoLogins> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoLogins>)
    : {};
  const logins = {} as DemoLogins;
  for (const role of STAFF_ROLES) {
    const username = `demo-${role}`;
    const saved = known[role];
    if (saved && (await staffUserForLogin(db, username))) {
      logins[role] = saved;
      continue;
    }
    const password = generatePassword();
    if (await staffUserForLogin(db, username)) {
      // The account exists but its password file is gone: set a new one.
      await changeStaffUser(db, username, { password }, 'demo');
    } else
      await addStaffUser(db, { username, displayName: `Demo ${role}`, role, password }, 'demo');
    logins[role] = { username, password };
  }
  writeFileSync(file, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  return logins;
}

/** Signs in over HTTP as a browser would, and returns a fetch that carries the session. */
export async function signIn(
  url: string,
  login: { username: string; password: string },
): Promise<(path: string) => Promise<string>> {
  const form = await fetch(`${url}/login`);
  const nonceCookie = (form.headers.getSetCookie?.() ?? []).find((c) => c.includes('_login='));
  const nonce = /_login=([^;]+)/.exec(nonceCookie ?? '')?.[1];
  if (!nonce || !nonceCookie) throw new Error('the sign-in page set no nonce');
  const cookieName = nonceCookie.split('=')[0];
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `${cookieName}=${nonce}`,
    },
    body: new URLSearchParams({ _csrf: nonce, next: '/', ...login }).toString(),
  });
  const session = (response.headers.getSetCookie?.() ?? []).find((c) => c.includes('_session='));
  if (response.status !== 303 || !session) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = session.split(';')[0] ?? '';
  return async (path: string) => {
    const page = await fetch(`${url}${path}`, { headers: { cookie }, redirect: 'manual' });
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
    return page.text();
  };
}
