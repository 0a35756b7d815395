import type { Migration } from '../migrate.js';

/**
 * The mail ledger: each mailbox's IMAP position, every message as it arrived (the raw bytes are a
 * blob; here are its keys, headers and state), its documents, and their verification reports.
 * A message is keyed by (mailbox, UIDVALIDITY, UID); Message-ID + SHA-256 of the body recognise
 * the same mail seen again (a UIDVALIDITY reset, a second delivery).
 */
export const migration002: Migration = {
  id: 2,
  name: 'mail-ledger',
  sql: `
    CREATE TABLE mailboxes (
      name           text PRIMARY KEY,
      uidvalidity    bigint,
      last_seen_uid  bigint NOT NULL DEFAULT 0,
      updated_at     timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE messages (
      id              bigserial PRIMARY KEY,
      mailbox         text NOT NULL REFERENCES mailboxes (name),
      uidvalidity     bigint NOT NULL,
      uid             bigint NOT NULL,
      message_id      text,
      raw_sha256      text NOT NULL,
      content_sha256  text NOT NULL,
      size            bigint NOT NULL,
      from_address    text,
      subject         text,
      received_at     timestamptz NOT NULL DEFAULT now(),
      status          text NOT NULL DEFAULT 'stored'
                      CHECK (status IN ('stored', 'queued', 'processing', 'processed', 'ignored', 'oversize', 'duplicate', 'failed')),
      status_reason   text,
      duplicate_of    bigint REFERENCES messages (id),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      UNIQUE (mailbox, uidvalidity, uid)
    );
    CREATE INDEX messages_identity_idx ON messages (message_id, content_sha256);
    CREATE INDEX messages_status_idx ON messages (status, received_at);

    CREATE TABLE documents (
      id            bigserial PRIMARY KEY,
      message_id    bigint NOT NULL REFERENCES messages (id),
      part_index    integer NOT NULL,
      filename      text NOT NULL,
      content_type  text NOT NULL,
      sha256        text NOT NULL,
      size          bigint NOT NULL,
      kind          text NOT NULL,
      note          text,
      UNIQUE (message_id, part_index)
    );

    CREATE TABLE verification_reports (
      id             bigserial PRIMARY KEY,
      document_id    bigint NOT NULL UNIQUE REFERENCES documents (id),
      report         jsonb NOT NULL,
      accepted       boolean NOT NULL,
      format         text NOT NULL,
      indication     text,
      sub_indication text,
      level          text,
      qualification  text,
      signer         text,
      signing_time   timestamptz,
      verified_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX verification_reports_time_idx ON verification_reports (verified_at);
  `,
};
