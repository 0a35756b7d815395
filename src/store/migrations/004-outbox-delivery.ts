import type { Migration } from '../migrate.js';

/**
 * Delivering the outbox exactly once. The sealed letter and the complete MIME message are made
 * once and kept as blobs (a retry sends the very same bytes, with the same Message-ID); `sending`
 * is recorded before the SMTP transaction, so a worker that dies inside it leaves a trace:
 * `unconfirmed` for staff rather than a second letter. `held` is the per-recipient daily cap.
 */
export const migration004: Migration = {
  id: 4,
  name: 'outbox-delivery',
  sql: `
    ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
    ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
      CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'unconfirmed'));
    ALTER TABLE outbox ADD COLUMN letter_sha256 text;
    ALTER TABLE outbox ADD COLUMN mime_sha256 text;
    ALTER TABLE outbox ADD COLUMN sending_at timestamptz;
    ALTER TABLE outbox ADD COLUMN copied_to_sent boolean NOT NULL DEFAULT false;
    CREATE INDEX outbox_recipient_idx ON outbox (lower(recipient), sent_at);
  `,
};
