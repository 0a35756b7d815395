/**
 * The staff step the drills play after the pipeline is quiet. A worker killed inside an SMTP
 * transaction leaves its answer `unconfirmed`: the relay may or may not have taken it, and
 * sending it again could deliver it twice. Staff check the relay's log for the answer's
 * Message-ID (docs/operations.md) and either confirm it sent or release it to go out again —
 * here through the same action the dashboard and `intake answers` use.
 */
import { readFileSync } from 'node:fs';
import type { PipelineEnvironment } from '../../bench/pipeline-environment.js';
import { decideAnswer } from '../../pipelines/staff-actions.js';
import { openPostgres, type Database } from '../../src/store/index.js';

export interface StaffReview {
  /** Unconfirmed answers the relay log shows delivered: marked sent. */
  confirmed: number;
  /** Unconfirmed answers the relay never delivered: released to be sent again. */
  released: number;
}

const bare = (id: string): string => id.trim().replace(/^<|>$/g, '');

/** Message-IDs the relay logged as delivered (bare, without angle brackets). */
export function deliveredIds(logFile: string): Set<string> {
  const ids = new Set<string>();
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { event?: string; messageId?: string };
      if (entry.event === 'delivered' && entry.messageId) ids.add(bare(entry.messageId));
    } catch {
      // A line cut by a restart: not a delivery record.
    }
  }
  return ids;
}

/** The staff step over one pipeline's database and its relay's log. */
export async function reviewUnconfirmed(db: Database, relayLog: string): Promise<StaffReview> {
  const { rows } = await db.query<{ id: string; outgoing_message_id: string }>(
    "SELECT id::text AS id, outgoing_message_id FROM outbox WHERE status = 'unconfirmed' ORDER BY id",
  );
  const delivered = deliveredIds(relayLog);
  const review: StaffReview = { confirmed: 0, released: 0 };
  for (const row of rows) {
    const seen = delivered.has(bare(row.outgoing_message_id));
    await decideAnswer(db, seen ? 'mark-sent' : 'release', row.id, 'fault-drill');
    if (seen) review.confirmed += 1;
    else review.released += 1;
  }
  return review;
}

/** The drill's staff step: its own database, the environment's relay. */
export async function reviewDrillUnconfirmed(
  env: PipelineEnvironment,
  databaseUrl: string,
): Promise<StaffReview> {
  const logFile = env.services.smtp.log;
  if (!logFile) throw new Error('the SMTP relay has no log to check');
  const db = openPostgres({ url: databaseUrl, poolSize: 2 });
  try {
    return await reviewUnconfirmed(db, logFile);
  } finally {
    await db.close();
  }
}
