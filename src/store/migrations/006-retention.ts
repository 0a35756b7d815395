import type { Migration } from '../migrate.js';

/**
 * Retention: raw mail and documents past the retention period are deleted from the blob store
 * and their rows marked purged; the ledger rows, verification reports, cases and audit log stay
 * (compliance must still show what was accepted and why). Form values read from a purged
 * document are cleared with it: they are the documents' personal data.
 */
export const migration006: Migration = {
  id: 6,
  name: 'retention',
  sql: `
    ALTER TABLE messages ADD COLUMN purged_at timestamptz;
    ALTER TABLE documents ADD COLUMN purged_at timestamptz;
    CREATE INDEX messages_received_idx ON messages (received_at) WHERE purged_at IS NULL;
  `,
};
