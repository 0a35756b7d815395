import type { Queryable } from './database.js';

export const STAFF_ROLES = ['operator', 'compliance', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: Date;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  disabled: boolean;
  created_at: Date | string;
  password_hash: string;
}

const USER_COLUMNS =
  'id::text AS id, username, display_name, role, disabled, created_at, password_hash';

function toUser(r: UserRow): StaffUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled,
    createdAt: new Date(r.created_at),
  };
}

/** Creates an account; false when the username is taken. */
export async function createStaffUser(
  db: Queryable,
  user: { username: string; displayName: string; role: StaffRole; passwordHash: string },
): Promise<StaffUser | undefined> {
  const result = await db.query<UserRow>(
    `INSERT INTO staff_users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [user.username.toLowerCase(), user.displayName, user.role, user.passwordHash],
  );
  const row = result.rows[0];
  return row ? toUser(row) : undefined;
}

/** The account and its password hash, for the login check only. */
export async function staffUserForLogin(
  db: Queryable,
  username: string,
): Promise<{ user: StaffUser; passwordHash: string } | undefined> {
  const result = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM staff_users WHERE username = $1`,
    [username.toLowerCase()],
  );
  const row = result.rows[0];
  return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
}

export async function listStaffUsers(db: Queryable): Promise<StaffUser[]> {
  const result = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM staff_users ORDER BY username`,
  );
  return result.rows.map(toUser);
}

/** Changes role, disabled flag or password; returns the account before and after. */
export async function updateStaffUser(
  db: Queryable,
  username: string,
  patch: { role?: StaffRole; disabled?: boolean; passwordHash?: string },
): Promise<{ before: StaffUser; after: StaffUser } | undefined> {
  const current = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM staff_users WHERE username = $1 FOR UPDATE`,
    [username.toLowerCase()],
  );
  const row = current.rows[0];
  if (!row) return undefined;
  const result = await db.query<UserRow>(
    `UPDATE staff_users SET role = $2, disabled = $3, password_hash = $4,
       password_changed_at = CASE WHEN $4 <> password_hash THEN now() ELSE password_changed_at END
     WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [
      row.id,
      patch.role ?? row.role,
      patch.disabled ?? row.disabled,
      patch.passwordHash ?? row.password_hash,
    ],
  );
  const after = result.rows[0];
  if (!after) return undefined;
  // A changed password, role or a disabled account ends every session the account had.
  await db.query('DELETE FROM staff_sessions WHERE user_id = $1', [row.id]);
  return { before: toUser(row), after: toUser(after) };
}

export interface StaffSession {
  user: StaffUser;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function createStaffSession(
  db: Queryable,
  session: { tokenSha256: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO staff_sessions (token_sha256, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)',
    [session.tokenSha256, session.userId, session.csrfToken, session.expiresAt],
  );
}

/**
 * The live session of a token hash, its idle expiry pushed to `idleUntil` (never past the
 * absolute limit, `created_at + absoluteMs`). Expired sessions and disabled accounts give nothing.
 */
export async function touchStaffSession(
  db: Queryable,
  tokenSha256: string,
  now: Date,
  idleMs: number,
  absoluteMs: number,
): Promise<StaffSession | undefined> {
  const result = await db.query<
    UserRow & { csrf_token: string; s_created_at: Date | string; expires_at: Date | string }
  >(
    `UPDATE staff_sessions s
        SET last_seen_at = $2,
            expires_at = LEAST($2::timestamptz + ($3::bigint * interval '1 millisecond'),
                               s.created_at + ($4::bigint * interval '1 millisecond'))
       FROM staff_users u
      WHERE s.token_sha256 = $1 AND u.id = s.user_id AND s.expires_at > $2 AND NOT u.disabled
      RETURNING u.id::text AS id, u.username, u.display_name, u.role, u.disabled, u.created_at,
                u.password_hash, s.csrf_token, s.created_at AS s_created_at, s.expires_at`,
    [tokenSha256, now, idleMs, absoluteMs],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    user: toUser(row),
    csrfToken: row.csrf_token,
    createdAt: new Date(row.s_created_at),
    expiresAt: new Date(row.expires_at),
  };
}

export async function deleteStaffSession(db: Queryable, tokenSha256: string): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE token_sha256 = $1', [tokenSha256]);
}

export async function purgeExpiredSessions(db: Queryable, now: Date): Promise<number> {
  const result = await db.query('DELETE FROM staff_sessions WHERE expires_at <= $1', [now]);
  return result.rowCount ?? 0;
}

export async function recordLoginAttempt(
  db: Queryable,
  attempt: { username: string; address: string; ok: boolean },
): Promise<void> {
  await db.query('INSERT INTO login_attempts (username, address, ok) VALUES ($1, $2, $3)', [
    attempt.username.toLowerCase().slice(0, 200),
    attempt.address,
    attempt.ok,
  ]);
}

/** Failed attempts since `since` for the username and for the address. */
export async function recentLoginFailures(
  db: Queryable,
  username: string,
  address: string,
  since: Date,
): Promise<{ byUser: number; byAddress: number }> {
  const result = await db.query<{ by_user: string; by_address: string }>(
    `SELECT
       (SELECT count(*) FROM login_attempts WHERE username = $1 AND NOT ok AND at > $3)::text AS by_user,
       (SELECT count(*) FROM login_attempts WHERE address = $2 AND NOT ok AND at > $3)::text AS by_address`,
    [username.toLowerCase().slice(0, 200), address, since],
  );
  const row = result.rows[0];
  return { byUser: Number(row?.by_user ?? 0), byAddress: Number(row?.by_address ?? 0) };
}

export interface RosterRow {
  email: string;
  name: string;
  active: boolean;
  updatedAt: Date;
}

/** The agency's contact people as staff keep them (over the configuration's list when set). */
export async function listRoster(db: Queryable): Promise<RosterRow[]> {
  const result = await db.query<{
    email: string;
    name: string;
    active: boolean;
    updated_at: Date | string;
  }>('SELECT email, name, active, updated_at FROM roster ORDER BY name, email');
  return result.rows.map((r) => ({
    email: r.email,
    name: r.name,
    active: r.active,
    updatedAt: new Date(r.updated_at),
  }));
}

/** Adds or renames a roster entry, or (de)activates it; returns it before and after. */
export async function saveRosterEntry(
  db: Queryable,
  entry: { email: string; name: string; active: boolean },
): Promise<{ before: RosterRow | undefined; after: RosterRow }> {
  const email = entry.email.toLowerCase();
  const before = (await listRoster(db)).find((r) => r.email === email);
  await db.query(
    `INSERT INTO roster (email, name, active) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active, updated_at = now()`,
    [email, entry.name, entry.active],
  );
  const after = (await listRoster(db)).find((r) => r.email === email);
  if (!after) throw new Error('roster entry vanished');
  return { before, after };
}
