import type { BlobStore, Database } from '../src/store/index.js';
import { appendAudit } from '../src/store/index.js';
import { blobStillNeeded, markPurged, purgeCandidates } from '../src/store/retention-repository.js';

export interface PurgeResult {
  messages: number;
  documents: number;
  blobsDeleted: number;
  /** Blobs kept because something retained has the same bytes. */
  blobsShared: number;
}

/**
 * Deletes raw mail and documents received before `before` whose cases are over (see
 * purgeCandidates). Rows are marked first, in one transaction per batch with its audit-log entry,
 * then the blobs nothing kept refers to are deleted: a crash in between leaves an orphan file for
 * the next run, never a row pointing at a deleted blob. `dryRun` only counts.
 */
export async function purgeExpired(
  db: Database,
  blobs: BlobStore,
  options: { before: Date; dryRun: boolean; by: string },
): Promise<PurgeResult> {
  const result: PurgeResult = { messages: 0, documents: 0, blobsDeleted: 0, blobsShared: 0 };
  for (;;) {
    const batch = await purgeCandidates(db, options.before);
    if (batch.length === 0) return result;
    result.messages += batch.length;
    result.documents += batch.reduce((n, m) => n + m.documents.length, 0);
    if (options.dryRun) {
      // Without marking, the same batch would come again: count once and stop.
      return result;
    }
    await db.transaction(async (tx) => {
      await markPurged(
        tx,
        batch.map((m) => m.messageId),
      );
      await appendAudit(tx, {
        actor: `staff:${options.by}`,
        action: 'retention.purge',
        subject: 'retention',
        before: { messages: batch.map((m) => m.messageId) },
        after: { purgedBefore: options.before.toISOString() },
      });
    });
    const hashes = new Set(
      batch.flatMap((m) => [m.rawSha256, ...m.documents.map((d) => d.sha256)]),
    );
    for (const sha256 of hashes) {
      if (await blobStillNeeded(db, sha256)) result.blobsShared += 1;
      else if (await blobs.remove(sha256)) result.blobsDeleted += 1;
    }
  }
}
