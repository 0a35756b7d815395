import {
  completeInstallation,
  parseAuditRecordFile,
  parseCatalogueFile,
  type CaseRecord,
  type RosterEntry,
} from '../src/cases/index.js';
import type { Config } from '../src/config/index.js';
import { AppError } from '../src/errors/index.js';
import { retryDeadLetter, type DeadLetter } from '../src/queue/dead-letters.js';
import type { PipelineQueues } from '../src/queue/pipeline-queues.js';
import {
  deleteCatalogueEntry,
  updateCatalogueEntry,
  type CatalogueEnvironment,
  type CataloguePatch,
} from '../src/store/dashboard-queries.js';
import {
  appendAudit,
  importAuditRecords,
  importCatalogue,
  lockOutboxEntry,
  moveOutbox,
  sqlCaseStore,
  type Database,
  type OutboxStatus,
  type Queryable,
} from '../src/store/index.js';
import {
  createStaffUser,
  saveRosterEntry,
  updateStaffUser,
  type RosterRow,
  type StaffRole,
  type StaffUser,
} from '../src/store/staff-repository.js';
import {
  generatePassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from '../src/adapters/passwords.js';
import { messageIdDomain, procedureContext } from './procedure-context.js';

/**
 * What staff do by hand, the same from the dashboard and the command line. Each action runs in
 * one transaction that also writes who did it, when, and the state before and after: as an
 * event on the case (its timeline) and in the append-only audit log under `case:<number>`.
 */
export type StaffActor = string;

function actorOf(user: string): StaffActor {
  return `staff:${user}`;
}

async function audit(
  tx: Queryable,
  user: string,
  action: string,
  subject: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await appendAudit(tx, { actor: actorOf(user), action, subject, before, after });
}

export type AnswerDecision = 'release' | 'mark-sent';

/**
 * `release`: send an answer (again) — held by the daily cap, failed after the address was fixed,
 * or unconfirmed and found not delivered. `mark-sent`: an unconfirmed answer found delivered.
 */
export async function decideAnswer(
  db: Database,
  decision: AnswerDecision,
  id: string,
  user: string,
): Promise<{ before: OutboxStatus; after: OutboxStatus; caseNumber: string | undefined }> {
  const from: OutboxStatus[] =
    decision === 'release' ? ['held', 'failed', 'unconfirmed'] : ['unconfirmed'];
  const to: OutboxStatus = decision === 'release' ? 'pending' : 'sent';
  return db.transaction(async (tx) => {
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
        actor: actorOf(user),
        detail: { answer: id, before: row.status, after: to },
      });
    await audit(
      tx,
      user,
      `answer.${decision}`,
      kase ? `case:${kase.number}` : `outbox:${id}`,
      { answer: id, status: row.status },
      { answer: id, status: to },
    );
    return { before: row.status, after: to, caseNumber: kase?.number };
  });
}

/** P2 step 4 by hand: the web service is installed; the institution is told. */
export async function markInstallationDone(
  config: Readonly<Config>,
  db: Database,
  caseNumber: string,
  user: string,
): Promise<CaseRecord> {
  return db.transaction(async (tx) => {
    const ctx = procedureContext(config, tx, new Date());
    const before = await ctx.store.caseByNumber(caseNumber);
    const done = await completeInstallation(ctx, caseNumber, actorOf(user));
    await audit(
      tx,
      user,
      'case.installation-done',
      `case:${caseNumber}`,
      { state: before?.state },
      { state: done.state },
    );
    return done;
  });
}

async function lockedCase(tx: Queryable, config: Readonly<Config>, caseNumber: string) {
  const store = sqlCaseStore(tx, { messageIdDomain: messageIdDomain(config) });
  const kase = await store.caseByNumber(caseNumber);
  if (!kase) throw new AppError('RECORD_NOT_FOUND', `no case ${caseNumber}`);
  return { store, kase };
}

/** Gives the case to another of the agency's contact people (one on the roster). */
export async function reassignContact(
  config: Readonly<Config>,
  db: Database,
  caseNumber: string,
  to: RosterEntry,
  user: string,
): Promise<CaseRecord> {
  return db.transaction(async (tx) => {
    const { store, kase } = await lockedCase(tx, config, caseNumber);
    if (kase.contactPerson === to.name)
      throw new AppError('CASE_STATE_CONFLICT', `${to.name} already has case ${caseNumber}`);
    const after = await store.note(
      kase,
      {
        kind: 'contact-reassigned',
        actor: actorOf(user),
        detail: { before: kase.contactPerson, after: to.name },
      },
      {
        contactPerson: to.name,
        data: { ...kase.data, agencyContact: { name: to.name, email: to.email } },
      },
    );
    await audit(
      tx,
      user,
      'case.reassign-contact',
      `case:${caseNumber}`,
      { contactPerson: kase.contactPerson },
      { contactPerson: to.name },
    );
    return after;
  });
}

/** Closes a support ticket, with the reason staff give. */
export async function closeTicket(
  config: Readonly<Config>,
  db: Database,
  caseNumber: string,
  reason: string,
  user: string,
): Promise<CaseRecord> {
  return db.transaction(async (tx) => {
    const { store, kase } = await lockedCase(tx, config, caseNumber);
    if (kase.procedure !== 'support' || kase.state !== 'open')
      throw new AppError(
        'CASE_STATE_CONFLICT',
        `case ${caseNumber} is a ${kase.procedure} case in state ${kase.state}; only open support tickets are closed by hand`,
      );
    const after = await store.transition(kase, 'closed', {
      kind: 'ticket-closed',
      actor: actorOf(user),
      detail: { reason },
    });
    await audit(
      tx,
      user,
      'case.close',
      `case:${caseNumber}`,
      { state: kase.state },
      { state: after.state, reason },
    );
    return after;
  });
}

/** Runs one dead-lettered job again and records who did it (on the case when it has one). */
export async function retryJob(
  db: Database,
  queues: PipelineQueues,
  deadLetterId: string,
  user: string,
  caseNumber?: string,
): Promise<DeadLetter> {
  const retried = await retryDeadLetter(queues, deadLetterId);
  await db.transaction(async (tx) => {
    if (caseNumber !== undefined) {
      const store = sqlCaseStore(tx, { messageIdDomain: 'localhost' });
      const kase = await store.caseByNumber(caseNumber);
      if (kase)
        await store.note(kase, {
          kind: 'job-retried',
          actor: actorOf(user),
          detail: { stage: retried.stage, job: retried.jobId, error: retried.error },
        });
    }
    await audit(
      tx,
      user,
      'job.retry',
      caseNumber !== undefined ? `case:${caseNumber}` : `job:${retried.jobId}`,
      { stage: retried.stage, job: retried.jobId, error: retried.error },
      { state: 'waiting' },
    );
  });
  return retried;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** A new dashboard account; the password is given or generated (and then shown once). */
export async function addStaffUser(
  db: Database,
  account: { username: string; displayName?: string; role: StaffRole; password?: string },
  by: string,
): Promise<{ user: StaffUser; generatedPassword?: string }> {
  const username = account.username.toLowerCase();
  if (!USERNAME.test(username))
    throw new AppError(
      'CLI_USAGE',
      'a username is 2-63 characters: lower-case letters, digits, dot, dash, underscore',
    );
  const password = account.password ?? generatePassword();
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw new AppError(
      'CLI_USAGE',
      `a password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    );
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const user = await createStaffUser(tx, {
      username,
      displayName: account.displayName ?? username,
      role: account.role,
      passwordHash,
    });
    if (!user) throw new AppError('CASE_STATE_CONFLICT', `user ${username} already exists`);
    await audit(tx, by, 'user.add', `user:${username}`, null, {
      role: user.role,
      displayName: user.displayName,
    });
    return account.password === undefined ? { user, generatedPassword: password } : { user };
  });
}

/** Changes an account's role, disables or enables it, or sets a new password; its sessions end. */
export async function changeStaffUser(
  db: Database,
  username: string,
  patch: { role?: StaffRole; disabled?: boolean; password?: string },
  by: string,
): Promise<StaffUser> {
  const passwordHash =
    patch.password === undefined ? undefined : await hashPassword(patch.password);
  return db.transaction(async (tx) => {
    const changed = await updateStaffUser(tx, username, {
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (!changed) throw new AppError('RECORD_NOT_FOUND', `no user ${username}`);
    const view = (u: StaffUser) => ({ role: u.role, disabled: u.disabled });
    await audit(tx, by, 'user.change', `user:${changed.after.username}`, view(changed.before), {
      ...view(changed.after),
      ...(passwordHash ? { password: 'changed' } : {}),
    });
    return changed.after;
  });
}

/** Adds, renames or (de)activates a contact person on the dashboard's roster. */
export async function saveRoster(
  db: Database,
  entry: { email: string; name: string; active: boolean },
  by: string,
): Promise<RosterRow> {
  return db.transaction(async (tx) => {
    const { before, after } = await saveRosterEntry(tx, entry);
    const view = (r: RosterRow | undefined) => (r ? { name: r.name, active: r.active } : null);
    await audit(tx, by, 'roster.save', `roster:${after.email}`, view(before), view(after));
    return after;
  });
}

/** Imports a catalogue file (CSV or JSON) into the test or production IS catalogue, audited. */
export async function importCatalogueFile(
  db: Database,
  environment: CatalogueEnvironment,
  filename: string,
  bytes: Uint8Array,
  by: string,
): Promise<number> {
  const entries = parseCatalogueFile(filename, bytes);
  const count = await importCatalogue(db, environment, entries);
  await audit(db, by, 'catalogue.import', `catalogue:${environment}`, null, {
    file: filename,
    entries: count,
  });
  return count;
}

/** Imports an audit-record export as one batch (a batch of the same name is replaced), audited. */
export async function importAuditRecordFile(
  db: Database,
  batch: string,
  filename: string,
  bytes: Uint8Array,
  by: string,
): Promise<number> {
  const records = parseAuditRecordFile(filename, bytes);
  const count = await importAuditRecords(db, batch, records);
  await audit(db, by, 'audit-records.import', `audit-records:${batch}`, null, {
    file: filename,
    records: count,
  });
  return count;
}

/** A staff edit of a catalogue entry (null `patch`: delete it), with before and after. */
export async function editCatalogueEntry(
  db: Database,
  environment: CatalogueEnvironment,
  identifier: string,
  patch: CataloguePatch | null,
  by: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const subject = `catalogue:${environment}:${identifier}`;
    if (patch === null) {
      const gone = await deleteCatalogueEntry(tx, environment, identifier);
      if (!gone) throw new AppError('RECORD_NOT_FOUND', `no ${environment} entry ${identifier}`);
      await audit(tx, by, 'catalogue.delete', subject, gone.before, null);
      return;
    }
    const changed = await updateCatalogueEntry(tx, environment, identifier, patch);
    if (!changed) throw new AppError('RECORD_NOT_FOUND', `no ${environment} entry ${identifier}`);
    await audit(tx, by, 'catalogue.edit', subject, changed.before, changed.after);
  });
}
