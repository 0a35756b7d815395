import type { Migration } from '../migrate.js';

/**
 * The procedures' records: what each form said (read from what its signature covers), the cases
 * with their append-only event history, the registry the agency keeps (e-services, grants, API
 * publications, the IS catalogues, audit records imported from the test environment), and the
 * outbox every answer is written to before anything is sent.
 *
 * `case_messages` is the guard against handling a message twice: a message joins exactly one case,
 * in the same transaction as everything the step did.
 */
export const migration003: Migration = {
  id: 3,
  name: 'cases',
  sql: `
    -- Threading, read at intake: answers honour Reply-To, replies find their case.
    ALTER TABLE messages ADD COLUMN reply_to text;
    ALTER TABLE messages ADD COLUMN in_reply_to text;
    ALTER TABLE messages ADD COLUMN thread_references jsonb NOT NULL DEFAULT '[]';
    CREATE INDEX messages_message_id_idx ON messages (message_id);

    CREATE TABLE counters (
      name   text PRIMARY KEY,
      value  bigint NOT NULL
    );

    CREATE TABLE form_readings (
      document_id            bigint PRIMARY KEY REFERENCES documents (id),
      message_id             bigint NOT NULL REFERENCES messages (id),
      form_type              text,
      form_version           integer,
      source                 text,
      field_values           jsonb,
      data                   jsonb,
      problems               jsonb NOT NULL DEFAULT '[]',
      changed_after_signing  jsonb NOT NULL DEFAULT '[]',
      not_a_form_reason      text,
      description            jsonb,
      signed_revisions       jsonb NOT NULL DEFAULT '[]',
      read_at                timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX form_readings_message_idx ON form_readings (message_id);

    CREATE TABLE cases (
      id                 bigserial PRIMARY KEY,
      number             text NOT NULL UNIQUE,
      procedure          text NOT NULL CHECK (procedure IN ('P1', 'P2', 'support')),
      state              text NOT NULL,
      institution_reg_no text,
      institution_name   text,
      title              text,
      contact_person     text,
      language           text NOT NULL DEFAULT 'lv' CHECK (language IN ('lv', 'en')),
      reply_to           text,
      data               jsonb NOT NULL DEFAULT '{}',
      opened_at          timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      closed_at          timestamptz
    );
    CREATE INDEX cases_state_idx ON cases (procedure, state);
    CREATE INDEX cases_contact_idx ON cases (contact_person) WHERE closed_at IS NULL;

    CREATE TABLE case_messages (
      message_id  bigint PRIMARY KEY REFERENCES messages (id),
      case_id     bigint NOT NULL REFERENCES cases (id),
      linked_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_messages_case_idx ON case_messages (case_id);

    CREATE TABLE case_events (
      id          bigserial PRIMARY KEY,
      case_id     bigint NOT NULL REFERENCES cases (id),
      at          timestamptz NOT NULL DEFAULT now(),
      actor       text NOT NULL,
      kind        text NOT NULL,
      from_state  text,
      to_state    text,
      message_id  bigint REFERENCES messages (id),
      detail      jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX case_events_case_idx ON case_events (case_id, id);

    CREATE FUNCTION case_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_events is append-only (% refused)', TG_OP;
    END $$;
    CREATE TRIGGER case_events_append_only
      BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_are_append_only();

    CREATE TABLE eservices (
      identifier          text PRIMARY KEY,
      case_id             bigint NOT NULL REFERENCES cases (id),
      institution_reg_no  text NOT NULL,
      institution_name    text NOT NULL,
      name_lv             text NOT NULL,
      name_en             text,
      contact_person      text NOT NULL,
      details             jsonb NOT NULL DEFAULT '{}',
      registered_at       timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE access_grants (
      id                  bigserial PRIMARY KEY,
      eservice_identifier text NOT NULL REFERENCES eservices (identifier),
      case_id             bigint NOT NULL REFERENCES cases (id),
      message_id          bigint REFERENCES messages (id),
      name                text NOT NULL,
      surname             text NOT NULL,
      email               text NOT NULL,
      organisation        text NOT NULL,
      role                text NOT NULL CHECK (role IN ('developer', 'tester')),
      environment         text NOT NULL CHECK (environment IN ('test', 'production')),
      valid_until         date NOT NULL,
      provisioned_by      text NOT NULL,
      granted_at          timestamptz NOT NULL DEFAULT now(),
      UNIQUE (eservice_identifier, email, role, environment)
    );

    CREATE TABLE api_publications (
      id                  bigserial PRIMARY KEY,
      eservice_identifier text NOT NULL REFERENCES eservices (identifier),
      case_id             bigint NOT NULL REFERENCES cases (id),
      api_name            text NOT NULL,
      api_version         text NOT NULL,
      environment         text NOT NULL,
      details             jsonb NOT NULL DEFAULT '{}',
      published_at        timestamptz NOT NULL DEFAULT now(),
      UNIQUE (eservice_identifier, api_name, api_version, environment)
    );

    CREATE TABLE is_catalogue (
      environment         text NOT NULL CHECK (environment IN ('test', 'production')),
      identifier          text NOT NULL,
      name                text NOT NULL,
      version             text NOT NULL,
      institution_reg_no  text,
      details             jsonb NOT NULL DEFAULT '{}',
      case_id             bigint REFERENCES cases (id),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (environment, identifier)
    );

    CREATE TABLE audit_records (
      id                  bigserial PRIMARY KEY,
      service_identifier  text NOT NULL,
      at                  timestamptz NOT NULL,
      consumer            text NOT NULL,
      operation           text NOT NULL,
      ok                  boolean NOT NULL,
      batch               text NOT NULL,
      imported_at         timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_records_service_idx ON audit_records (service_identifier, at);

    CREATE TABLE acceptance_acts (
      case_id              bigint PRIMARY KEY REFERENCES cases (id),
      number               text NOT NULL UNIQUE,
      sha256               text NOT NULL,
      size                 bigint NOT NULL,
      created_at           timestamptz NOT NULL DEFAULT now(),
      signed_document_id   bigint REFERENCES documents (id)
    );

    CREATE TABLE installation_tasks (
      case_id    bigint PRIMARY KEY REFERENCES cases (id),
      state      text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
      opened_at  timestamptz NOT NULL DEFAULT now(),
      done_at    timestamptz,
      done_by    text
    );

    CREATE TABLE outbox (
      id                   bigserial PRIMARY KEY,
      case_id              bigint NOT NULL REFERENCES cases (id),
      trigger_message_id   bigint REFERENCES messages (id),
      dedupe_key           text NOT NULL UNIQUE,
      kind                 text NOT NULL,
      language             text NOT NULL CHECK (language IN ('lv', 'en')),
      recipient            text NOT NULL,
      data                 jsonb NOT NULL DEFAULT '{}',
      attachments          jsonb NOT NULL DEFAULT '[]',
      outgoing_message_id  text NOT NULL UNIQUE,
      status               text NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      status_reason        text,
      created_at           timestamptz NOT NULL DEFAULT now(),
      sent_at              timestamptz
    );
    CREATE INDEX outbox_status_idx ON outbox (status, created_at);
    CREATE INDEX outbox_case_idx ON outbox (case_id);
  `,
};
