import { join } from 'node:path';
import { purgeExpired } from '../../../pipelines/retention.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import { createFileBlobStore, openDatabase } from '../../store/index.js';

const DAY_MS = 86_400_000;

/** `intake purge`: raw mail and documents past `retention.mailDays` (or `--days`). */
export async function purgeCommand(
  config: Readonly<Config>,
  opts: { days?: string; dryRun?: boolean; user: string },
  now: Date = new Date(),
): Promise<string> {
  const days = opts.days === undefined ? config.retention.mailDays : Number(opts.days);
  if (!Number.isInteger(days) || days < 0)
    throw new AppError('CLI_USAGE', '--days must be a whole number of days');
  if (days === 0)
    return 'retention.mailDays is 0: raw mail and documents are kept for ever; nothing purged';
  const before = new Date(now.getTime() - days * DAY_MS);
  const db = await openDatabase(config);
  try {
    const result = await purgeExpired(db, createFileBlobStore(join(config.dataDir, 'blobs')), {
      before,
      dryRun: opts.dryRun === true,
      by: opts.user,
    });
    const what = `${result.messages} messages with ${result.documents} documents received before ${before.toISOString()}`;
    return opts.dryRun
      ? `would purge (at least) ${what}`
      : `purged ${what}: ${result.blobsDeleted} files deleted, ${result.blobsShared} kept (the same bytes are still needed); reports, cases and the audit log are kept`;
  } finally {
    await db.close();
  }
}
