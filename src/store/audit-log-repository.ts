import type { Queryable } from './database.js';

export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
}

export interface NewAuditEntry {
  actor: string;
  action: string;
  subject: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry; pass the transaction of the change it records so both land together. */
export async function appendAudit(db: Queryable, entry: NewAuditEntry): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO audit_log (actor, action, subject, before, after) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id',
    [entry.actor, entry.action, entry.subject, json(entry.before), json(entry.after)],
  );
  const row = result.rows[0];
  if (row === undefined) throw new Error('INSERT ... RETURNING gave no row');
  return row.id;
}

export async function listAudit(db: Queryable, subject: string): Promise<AuditEntry[]> {
  const result = await db.query<{
    id: string;
    at: Date | string;
    actor: string;
    action: string;
    subject: string;
    before: unknown;
    after: unknown;
  }>(
    'SELECT id::text AS id, at, actor, action, subject, before, after FROM audit_log WHERE subject = $1 ORDER BY id',
    [subject],
  );
  return result.rows.map((r) => ({ ...r, at: new Date(r.at) }));
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
