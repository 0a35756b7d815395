import type { Migration } from '../migrate.js';

/**
 * The append-only audit log every later part writes to: who did what, when, to which subject,
 * with the state before and after. A trigger refuses UPDATE and DELETE so that not even a buggy
 * repository can rewrite history.
 */
export const migration001: Migration = {
  id: 1,
  name: 'audit-log',
  sql: `
    CREATE TABLE audit_log (
      id          bigserial PRIMARY KEY,
      at          timestamptz NOT NULL DEFAULT now(),
      actor       text NOT NULL,
      action      text NOT NULL,
      subject     text NOT NULL,
      before      jsonb,
      after       jsonb
    );
    CREATE INDEX audit_log_subject_idx ON audit_log (subject, id);

    CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
    END $$;

    CREATE TRIGGER audit_log_append_only
      BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
  `,
};
