import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import { decideAnswer, type AnswerDecision } from '../../../pipelines/staff-actions.js';
import { listOutbox, openDatabase, type Database, type OutboxStatus } from '../../store/index.js';

/**
 * Staff decisions on answers the pipeline could not settle alone: `held` by the daily cap,
 * `failed` (the server refused), `unconfirmed` (the worker died inside the SMTP transaction).
 * Each decision is written to the case's history and the audit log.
 */
const STATUSES: readonly OutboxStatus[] = [
  'pending',
  'sending',
  'sent',
  'failed',
  'held',
  'unconfirmed',
];

async function withDatabase<T>(config: Readonly<Config>, work: (db: Database) => Promise<T>) {
  const db = await openDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

export async function listAnswersCommand(
  config: Readonly<Config>,
  status: string | undefined,
): Promise<string> {
  if (status !== undefined && !STATUSES.includes(status as OutboxStatus))
    throw new AppError('CLI_USAGE', `--status must be one of: ${STATUSES.join(', ')}`);
  return withDatabase(config, async (db) => {
    const rows = await listOutbox(db, status as OutboxStatus | undefined);
    if (rows.length === 0) return 'no answers';
    return rows
      .map(
        (r) =>
          `${r.id.padStart(6)}  ${r.caseNumber.padEnd(15)} ${r.kind.padEnd(26)} ${r.status.padEnd(12)} ${r.recipient}${r.reason ? `\n        ${r.reason}` : ''}${r.status === 'unconfirmed' ? `\n        Message-ID ${r.messageId} (look for it in the relay's log)` : ''}`,
      )
      .join('\n');
  });
}

/** A staff decision on one answer (shared with the dashboard: pipelines/staff-actions.ts). */
export async function decideAnswerCommand(
  config: Readonly<Config>,
  decision: AnswerDecision,
  id: string,
  user: string,
): Promise<string> {
  const result = await withDatabase(config, (db) => decideAnswer(db, decision, id, user));
  return decision === 'release'
    ? `answer ${id}: ${result.before} → pending (the next sweep sends it, within a minute)`
    : `answer ${id}: unconfirmed → sent`;
}
