import type { Migration } from '../migrate.js';

/**
 * Staff accounts for the dashboard. Passwords are kept only as scrypt hashes; a session is
 * known by the SHA-256 of its cookie token (a copied database does not yield live cookies), has
 * its own CSRF token and an idle and an absolute expiry. Login attempts are kept so throttling
 * holds across processes and restarts. The roster staff keep replaces the configured one when it
 * has anyone active.
 */
export const migration005: Migration = {
  id: 5,
  name: 'staff-accounts',
  sql: `
    CREATE TABLE staff_users (
      id                   bigserial PRIMARY KEY,
      username             text NOT NULL UNIQUE CHECK (username = lower(username)),
      display_name         text NOT NULL,
      role                 text NOT NULL CHECK (role IN ('operator', 'compliance', 'admin')),
      password_hash        text NOT NULL,
      disabled             boolean NOT NULL DEFAULT false,
      created_at           timestamptz NOT NULL DEFAULT now(),
      password_changed_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE staff_sessions (
      token_sha256  text PRIMARY KEY,
      user_id       bigint NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
      csrf_token    text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz NOT NULL
    );
    CREATE INDEX staff_sessions_user_idx ON staff_sessions (user_id);

    CREATE TABLE login_attempts (
      id        bigserial PRIMARY KEY,
      username  text NOT NULL,
      address   text NOT NULL,
      ok        boolean NOT NULL,
      at        timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_attempts_user_idx ON login_attempts (username, at);
    CREATE INDEX login_attempts_address_idx ON login_attempts (address, at);

    -- Compliance asks "was this exact file accepted?" by SHA-256; the overview times answers.
    CREATE INDEX documents_sha256_idx ON documents (sha256);
    CREATE INDEX outbox_trigger_idx ON outbox (trigger_message_id, sent_at);

    CREATE TABLE roster (
      email     text PRIMARY KEY CHECK (email = lower(email)),
      name      text NOT NULL,
      active    boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `,
};
