import type { AuditRecord, CatalogueEntry } from '../cases/index.js';
import { upsertCatalogueEntry } from './case-store.js';
import type { Database } from './database.js';

/** Imports an IS catalogue in one transaction (all rows or none); returns how many rows. */
export async function importCatalogue(
  db: Database,
  environment: 'test' | 'production',
  entries: readonly CatalogueEntry[],
): Promise<number> {
  return db.transaction(async (tx) => {
    for (const entry of entries) await upsertCatalogueEntry(tx, environment, entry, null);
    return entries.length;
  });
}

/** Imports one export of audit records as a named batch; importing the same batch again replaces it. */
export async function importAuditRecords(
  db: Database,
  batch: string,
  records: ReadonlyArray<AuditRecord & { serviceIdentifier: string }>,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM audit_records WHERE batch = $1', [batch]);
    for (const r of records)
      await tx.query(
        'INSERT INTO audit_records (service_identifier, at, consumer, operation, ok, batch) VALUES ($1, $2, $3, $4, $5, $6)',
        [r.serviceIdentifier, r.at, r.consumer, r.operation, r.ok, batch],
      );
    return records.length;
  });
}
