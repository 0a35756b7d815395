import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import {
  appendAudit,
  listOutbox,
  lockOutboxEntry,
  moveOutbox,
  openDatabase,
  sqlCaseStore,
  type Database,
  type OutboxStatus,
} from '../../store/index.js';

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
          `${r.id.padStart(6)}  ${r.caseNumber.padEnd(15)} ${r.kind.padEnd(26)} ${r.status.padEnd(12)} ${r.recipient}${r.reason ? `\n        ${r.reason}` : ''}`,
      )
      .join('\n');
  });
}

/**
 * `release`: send it (again) — for a held answer, a failed one after the address was fixed, or
 * an unconfirmed one staff found was not delivered. `mark-sent`: an unconfirmed answer staff
 * found was delivered.
 */
export async function decideAnswerCommand(
  config: Readonly<Config>,
  decision: 'release' | 'mark-sent',
  id: string,
  user: string,
): Promise<string> {
  const from: OutboxStatus[] =
    decision === 'release' ? ['held', 'failed', 'unconfirmed'] : ['unconfirmed'];
  const to: OutboxStatus = decision === 'release' ? 'pending' : 'sent';
  return withDatabase(config, (db) =>
    db.transaction(async (tx) => {
      const row = await lockOutboxEntry(tx, id);
      if (!row) throw new AppError('RECORD_NOT_FOUND', `no answer ${id}`);
      if (!(await moveOutbox(tx, id, from, to, `${decision} by ${user}`)))
        throw new AppError(
          'CASE_STATE_CONFLICT',
          `answer ${id} is ${row.status}; ${decision} applies to ${from.join(', ')}`,
        );
      const store = sqlCaseStore(tx, { messageIdDomain: 'localhost' });
      const kase = await store.loadCase(row.caseId);
      if (kase)
        await store.note(kase, {
          kind: decision === 'release' ? 'answer-released' : 'answer-confirmed-sent',
          actor: `staff:${user}`,
          detail: { answer: id, before: row.status, after: to },
        });
      await appendAudit(tx, {
        actor: `staff:${user}`,
        action: `answer.${decision}`,
        subject: `outbox:${id}`,
        before: { status: row.status },
        after: { status: to },
      });
      return decision === 'release'
        ? `answer ${id}: ${row.status} → pending (the next sweep sends it, within a minute)`
        : `answer ${id}: unconfirmed → sent`;
    }),
  );
}
