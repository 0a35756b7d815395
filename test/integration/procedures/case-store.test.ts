import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registryProvisioning,
  runSubmission,
  type CaseRecord,
  type ProcedureContext,
  type Submission,
} from '../../../src/cases/index.js';
import {
  loadSubmission,
  recordThreading,
  sqlCaseStore,
  type Database,
  type Queryable,
} from '../../../src/store/index.js';
import { testDatabases } from '../../support/databases.js';

/**
 * The procedures' store on both engines (PGlite, the default, and PostgreSQL): the same SQL, and
 * the guarantees the use cases rely on — one run per message, no stale write, threading by the
 * Message-IDs as the ledger keeps them.
 */
const OWN_DOMAIN = 'agency.test';

function context(tx: Queryable): ProcedureContext {
  const store = sqlCaseStore(tx, { messageIdDomain: OWN_DOMAIN });
  return {
    store,
    settings: {
      agencyName: 'Aģentūra',
      identifierFormat: 'EP-{YYYY}-{NNNNN}',
      roster: [{ name: 'Inga Pētersone', email: 'inga@agency.test' }],
      reminderAfterHours: 24,
      audit: { minCalls: 0, maxErrorRate: 1, minConsumers: 0, minPeriodDays: 0 },
    },
    provisioning: registryProvisioning(store),
    auditRecords: { recordsOf: async () => [] },
    now: new Date(),
  };
}

let uid = 0;
/** A support mail in the ledger, as intake records it (Message-ID with its angle brackets). */
async function incoming(
  db: Database,
  fields: { from: string; subject: string; inReplyTo?: string; references?: string[] },
): Promise<Submission> {
  uid += 1;
  const row = await db.query<{ id: string }>(
    `INSERT INTO messages (mailbox, uidvalidity, uid, message_id, raw_sha256, content_sha256, size, from_address, subject, status)
     VALUES ('support', 1, $1, $2, 'raw', $3, 10, $4, $5, 'processing') RETURNING id::text AS id`,
    [uid, `<m${uid}@institution.test>`, `content-${uid}`, fields.from, fields.subject],
  );
  const id = row.rows[0]?.id ?? '';
  await recordThreading(db, id, {
    replyTo: null,
    inReplyTo: fields.inReplyTo ?? null,
    references: fields.references ?? [],
  });
  const submission = await loadSubmission(db, id);
  if (!submission) throw new Error('the mail was not recorded');
  return submission;
}

const A = 'iestade@institution-a.test';
const B = 'iestade@institution-b.test';

for (const engine of testDatabases()) {
  describe(`the procedures' store on ${engine.name}`, () => {
    let db: Database;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = await engine.open());
      await db.query("INSERT INTO mailboxes (name, uidvalidity) VALUES ('support', 1)");
    });
    afterAll(async () => close?.());

    const run = (submission: Submission): Promise<CaseRecord> =>
      db.transaction((tx) => runSubmission(context(tx), submission));

    it('when the institution follows up on its own first mail, then the ledger’s <Message-ID> finds the ticket', async () => {
      // Regression: the ledger keeps `<id@host>`, the lookup compared bare ids and never matched.
      const first = await incoming(db, { from: A, subject: 'Jautājums' });
      const ticket = await run(first);
      const followUp = await incoming(db, {
        from: A,
        subject: 'Vēl',
        references: [first.messageIdHeader ?? ''],
      });
      expect((await run(followUp)).id).toBe(ticket.id);
    });

    it("when another institution replies to the agency's answer on someone else's ticket, then it gets a ticket of its own", async () => {
      const ticket = await run(await incoming(db, { from: A, subject: 'Jautājums' }));
      const ack = await db.query<{ outgoing_message_id: string }>(
        'SELECT outgoing_message_id FROM outbox WHERE case_id = $1',
        [ticket.id],
      );
      const ackId = ack.rows[0]?.outgoing_message_id ?? '';
      expect(ackId).toMatch(/^intake\.[0-9a-f]{32}@agency\.test$/);
      const theirs = await run(
        await incoming(db, { from: B, subject: 'Re: Jautājums', inReplyTo: `<${ackId}>` }),
      );
      expect(theirs.id).not.toBe(ticket.id);
      const events = await db.query('SELECT kind FROM case_events WHERE case_id = $1', [ticket.id]);
      expect(events.rows).toEqual([{ kind: 'ticket-opened' }]);
      // …while the institution itself, replying to the same answer, joins its ticket.
      const own = await run(
        await incoming(db, { from: A, subject: 'Re: Jautājums', inReplyTo: `<${ackId}>` }),
      );
      expect(own.id).toBe(ticket.id);
    });

    it('when a step holds a stale record of a case, then it cannot write the old state back', async () => {
      // Regression: a reminder sweep holding the case from before the second access form
      // arrived wrote `awaiting-second-form` back over `access-granted`.
      const store = sqlCaseStore(db, { messageIdDomain: OWN_DOMAIN });
      const waiting = await store.openCase(
        {
          procedure: 'P1',
          state: 'awaiting-second-form',
          number: `P1-TEST-${uid++}`,
          language: 'lv',
          data: { missing: ['api-manager'] },
        },
        { kind: 'access-form-received', actor: 'system' },
      );
      await store.transition(waiting, 'access-granted', {
        kind: 'access-granted',
        actor: 'system',
      });
      await expect(
        store.note(
          waiting,
          { kind: 'reminder-sent', actor: 'system' },
          { data: { ...waiting.data, remindedAt: 'now' } },
        ),
      ).rejects.toThrow(/no longer awaiting-second-form/);
      const now = await store.loadCase(waiting.id);
      expect(now?.state).toBe('access-granted');
      expect(now?.data['remindedAt']).toBeUndefined();
    });

    it('when a message already belongs to one case, then it cannot be joined to another', async () => {
      const mail = await incoming(db, { from: A, subject: 'Jautājums' });
      const ticket = await run(mail);
      const other = await run(await incoming(db, { from: B, subject: 'Cits' }));
      const store = sqlCaseStore(db, { messageIdDomain: OWN_DOMAIN });
      await store.linkMessage(ticket.id, mail.messageId);
      await expect(store.linkMessage(other.id, mail.messageId)).rejects.toThrow(/already belongs/);
    });

    it('when the reminder sweep runs, then it finds the waiting cases and locks them', async () => {
      const store = sqlCaseStore(db, { messageIdDomain: OWN_DOMAIN });
      const waiting = await store.openCase(
        {
          procedure: 'P1',
          state: 'awaiting-second-form',
          number: `P1-TEST-${uid++}`,
          language: 'lv',
        },
        { kind: 'access-form-received', actor: 'system' },
      );
      const later = new Date(Date.now() + 60_000);
      const found = await db.transaction((tx) =>
        sqlCaseStore(tx, { messageIdDomain: OWN_DOMAIN }).casesToRemind(
          'awaiting-second-form',
          later,
        ),
      );
      expect(found.map((c) => c.id)).toContain(waiting.id);
      if (engine.name !== 'postgres') return;
      // A case another step holds is left for the next sweep instead of being read stale.
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked = (): void => undefined;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = db.transaction(async (tx) => {
        await sqlCaseStore(tx, { messageIdDomain: OWN_DOMAIN }).loadCase(waiting.id);
        locked();
        await held;
      });
      await isLocked;
      const during = await db.transaction((tx) =>
        sqlCaseStore(tx, { messageIdDomain: OWN_DOMAIN }).casesToRemind(
          'awaiting-second-form',
          later,
        ),
      );
      release();
      await holder;
      expect(during.map((c) => c.id)).not.toContain(waiting.id);
    });

    it('when two runs of one message overlap, then the second waits for the first and finds its case: one ticket, one acknowledgement', async () => {
      const mail = await incoming(db, { from: A, subject: 'Divreiz' });
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let ran = (): void => undefined;
      const firstRan = new Promise<void>((resolve) => (ran = resolve));
      const first = db.transaction(async (tx) => {
        const kase = await runSubmission(context(tx), mail);
        ran();
        await held;
        return kase;
      });
      await firstRan;
      const second = db.transaction((tx) => runSubmission(context(tx), mail));
      // PGlite runs one transaction at a time, so there the second simply follows the first.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const [a, b] = await Promise.all([first, second]);
      expect(b.id).toBe(a.id);
      const tickets = await db.query(
        "SELECT 1 FROM cases WHERE procedure = 'support' AND data ->> 'mailbox' = 'support' AND title = 'Divreiz'",
      );
      expect(tickets.rowCount).toBe(1);
      const acks = await db.query('SELECT 1 FROM outbox WHERE case_id = $1', [a.id]);
      expect(acks.rowCount).toBe(1);
    });
  });
}
