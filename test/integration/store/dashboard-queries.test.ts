import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseDetail,
  containing,
  deleteCatalogueEntry,
  listAccessGrants,
  listAuditRecordBatches,
  listCases,
  listCatalogue,
  listEservices,
  listSupportTickets,
  MAX_PAGE_SIZE,
  overviewStats,
  searchMessages,
  updateCatalogueEntry,
} from '../../../src/store/dashboard-queries.js';
import type { Database, Queryable } from '../../../src/store/index.js';
import {
  seedDashboard,
  SEED_FAILED_REASON,
  SEED_FAILED_SEND_REASON,
  SEED_HELD_REASON,
  SEED_IGNORED_REASON,
  SEED_REFUSAL_REASONS,
  type DashboardSeed,
} from '../../support/dashboard-seed.js';
import { testDatabases } from '../../support/databases.js';

/**
 * The staff dashboard's read models on both engines, over the seeded busy hour (see
 * test/support/dashboard-seed.ts). 10:30 UTC is 12:30 in Riga (EET, before the March change).
 */
const NOW = new Date('2026-03-10T10:30:00Z');
const hour = (iso: string): Date => new Date(iso);
/** Latvian personal codes, old and new form, and the ETSI form certificates carry. */
const PERSONAL_CODE =
  /\b(?:[0-2]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{5}\b|\b32\d{4}-?\d{5}\b|PNOLV-/;

/** Runs `work` in a transaction that is always rolled back: the seed stays as it was. */
async function rolledBack(db: Database, work: (tx: Queryable) => Promise<void>): Promise<void> {
  const rollback = new Error('rollback');
  await expect(
    db.transaction(async (tx) => {
      await work(tx);
      throw rollback;
    }),
  ).rejects.toBe(rollback);
}

for (const engine of testDatabases()) {
  describe(`the dashboard's read models on ${engine.name}`, () => {
    let db: Database;
    let close: () => Promise<void>;
    let seed: DashboardSeed;
    beforeAll(async () => {
      ({ db, close } = await engine.open());
      seed = await seedDashboard(db, { now: NOW });
    });
    afterAll(async () => close?.());

    it('when staff open the overview, then they see today’s mail by status, open cases, what failed and the open installation', async () => {
      const stats = await overviewStats(db, NOW);
      expect(stats.day).toBe('2026-03-10');
      expect(stats.messagesToday.total).toBe(8);
      expect(stats.messagesToday.byStatus).toMatchObject({
        processed: 6,
        ignored: 1,
        failed: 1,
        stored: 0,
      });
      expect(stats.cases.open).toEqual([
        { procedure: 'P2', state: 'awaiting-installation', count: 1 },
        { procedure: 'support', state: 'open', count: 1 },
      ]);
      expect(stats.cases.openTotal).toBe(2);
      expect(stats.cases.closed).toEqual({ P1: 2, P2: 0, support: 0 });
      expect(stats.cases.closedTotal).toBe(2);
      expect(stats.failures).toEqual({
        messagesFailed: 1,
        outboxFailed: 1,
        outboxHeld: 1,
        outboxUnconfirmed: 0,
      });
      expect(stats.installationTasksOpen).toBe(1);
    });

    it('when the overview draws the last 24 hours, then each hour has its mail, its answers sent and the p50/p95 time to the first answer', async () => {
      const { throughput, latency } = await overviewStats(db, NOW);
      expect(throughput).toHaveLength(24);
      expect(throughput[0]?.hour).toEqual(hour('2026-03-09T11:00:00Z'));
      expect(throughput.at(-1)).toEqual({
        hour: hour('2026-03-10T10:00:00Z'),
        received: 6,
        sent: 2,
      });
      expect(throughput.at(-2)).toEqual({
        hour: hour('2026-03-10T09:00:00Z'),
        received: 2,
        sent: 2,
      });
      expect(throughput.slice(0, -2).every((p) => p.received === 0 && p.sent === 0)).toBe(true);
      // 09:00: answers after 90 s and 150 s; 10:00: the act after 300 s, the registration after 60 s.
      expect(latency.at(-2)).toEqual({
        hour: hour('2026-03-10T09:00:00Z'),
        answered: 2,
        p50Seconds: 120,
        p95Seconds: 147,
      });
      expect(latency.at(-1)).toMatchObject({ answered: 2, p50Seconds: 180, p95Seconds: 288 });
      expect(latency[0]).toEqual({
        hour: hour('2026-03-09T11:00:00Z'),
        answered: 0,
        p50Seconds: null,
        p95Seconds: null,
      });
    });

    it('when a message has a second answer, then latency counts only the first one sent', async () => {
      await rolledBack(db, async (tx) => {
        await tx.query(
          `INSERT INTO outbox (case_id, trigger_message_id, dedupe_key, kind, language, recipient, outgoing_message_id, status, sent_at)
           SELECT case_id, trigger_message_id, 'late-second', 'reminder', 'lv', recipient, 'late-second@agency.test', 'sent', $2
           FROM outbox WHERE id = $1`,
          [seed.outboxIds.productionRegistered, new Date('2026-03-10T10:29:00Z')],
        );
        const { latency, throughput } = await overviewStats(tx, NOW);
        expect(latency.at(-1)).toMatchObject({ answered: 2, p50Seconds: 180 });
        expect(throughput.at(-1)?.sent).toBe(3);
      });
    });

    it("when mail arrives just after Riga's midnight, then it counts for Riga's today, not UTC's", async () => {
      await rolledBack(db, async (tx) => {
        const insert = (uid: number, at: string) =>
          tx.query(
            `INSERT INTO messages (mailbox, uidvalidity, uid, raw_sha256, content_sha256, size, received_at, status)
             VALUES ('support', 1, $1, 'r', $2, 1, $3, 'stored')`,
            [uid, `c${uid}`, new Date(at)],
          );
        await insert(9001, '2026-03-09T22:30:00Z'); // 00:30 in Riga on the 10th
        await insert(9002, '2026-03-09T21:30:00Z'); // 23:30 in Riga on the 9th
        const stats = await overviewStats(tx, NOW);
        expect(stats.messagesToday.byStatus.stored).toBe(1);
        expect(stats.messagesToday.total).toBe(9);
      });
    });

    it('when nothing happened lately, then the overview has 24 empty hours and zero today', async () => {
      const later = new Date('2026-07-01T09:00:00Z');
      const stats = await overviewStats(db, later);
      expect(stats.messagesToday.total).toBe(0);
      expect(stats.throughput).toHaveLength(24);
      expect(stats.throughput.every((p) => p.received === 0 && p.sent === 0)).toBe(true);
      expect(stats.latency.every((p) => p.p50Seconds === null)).toBe(true);
      // What waits on staff does not age out.
      expect(stats.failures.outboxHeld).toBe(1);
    });

    it('when staff list messages, then they come newest first with their reason, case and documents', async () => {
      const page = await searchMessages(db);
      expect(page.total).toBe(8);
      expect(page.items.map((m) => m.id)).toEqual([
        seed.messageIds.failed,
        seed.messageIds.autoReply,
        seed.messageIds.supportQuestion,
        seed.messageIds.refused,
        seed.messageIds.signedAct,
        seed.messageIds.productionRequest,
        seed.messageIds.access,
        seed.messageIds.registration,
      ]);
      const byId = new Map(page.items.map((m) => [m.id, m]));
      expect(byId.get(seed.messageIds.autoReply)).toMatchObject({
        status: 'ignored',
        statusReason: SEED_IGNORED_REASON,
        caseNumber: null,
        documentCount: 0,
      });
      expect(byId.get(seed.messageIds.failed)).toMatchObject({
        status: 'failed',
        statusReason: SEED_FAILED_REASON,
      });
      expect(byId.get(seed.messageIds.access)).toMatchObject({
        mailbox: 'e-address',
        from: 'iestade@institution-a.test',
        caseNumber: seed.caseNumbers.registered,
        documentCount: 2,
        receivedAt: new Date('2026-03-10T09:50:00Z'),
      });
    });

    it('when staff search messages, then sender and subject match as substrings in any case, mailbox and status exactly', async () => {
      const ids = async (search: Parameters<typeof searchMessages>[1]) =>
        (await searchMessages(db, search)).items.map((m) => m.id);
      expect(await ids({ sender: 'INSTITUTION-C' })).toEqual([seed.messageIds.refused]);
      expect(await ids({ subject: 'AUTOMĀTISKĀ' })).toEqual([seed.messageIds.autoReply]);
      expect(await ids({ mailbox: 'support' })).toHaveLength(3);
      expect(await ids({ mailbox: 'support', sender: 'institution-b' })).toEqual([
        seed.messageIds.autoReply,
        seed.messageIds.productionRequest,
      ]);
      expect(await ids({ status: 'failed' })).toEqual([seed.messageIds.failed]);
      expect(await ids({ sender: '   ' })).toHaveLength(8);
    });

    it('when a search term holds LIKE wildcards, then they match only themselves', async () => {
      expect((await searchMessages(db, { subject: '%' })).total).toBe(0);
      expect((await searchMessages(db, { subject: '_' })).total).toBe(0);
      expect((await searchMessages(db, { sender: 'iestade@institution_a' })).total).toBe(0);
      expect((await searchMessages(db, { sender: '\\' })).total).toBe(0);
      expect(containing('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
      await rolledBack(db, async (tx) => {
        await tx.query(
          `INSERT INTO messages (mailbox, uidvalidity, uid, raw_sha256, content_sha256, size, subject, status)
           VALUES ('support', 1, 9100, 'r', 'c9100', 1, 'Atlaide 50% un_cits', 'stored')`,
        );
        expect((await searchMessages(tx, { subject: '50%' })).total).toBe(1);
        expect((await searchMessages(tx, { subject: 'n_c' })).total).toBe(1);
        expect((await searchMessages(tx, { subject: 'nXc' })).total).toBe(0);
      });
    });

    it('when staff page through messages, then the pages fit together and the limits hold', async () => {
      const first = await searchMessages(db, { limit: 3 });
      const last = await searchMessages(db, { limit: 3, offset: 6 });
      expect(first).toMatchObject({ total: 8, limit: 3, offset: 0 });
      expect(first.items).toHaveLength(3);
      expect(last).toMatchObject({ total: 8, offset: 6 });
      expect(last.items.map((m) => m.id)).toEqual([
        seed.messageIds.access,
        seed.messageIds.registration,
      ]);
      expect(await searchMessages(db, { limit: 3, offset: 50 })).toMatchObject({
        items: [],
        total: 8,
      });
      expect((await searchMessages(db, { limit: 0 })).limit).toBe(1);
      expect((await searchMessages(db, { limit: 100_000 })).limit).toBe(MAX_PAGE_SIZE);
      expect((await searchMessages(db, { limit: Number.NaN, offset: -5 })).items).toHaveLength(8);
    });

    it('when staff list cases, then they filter by procedure, state, institution, step and open', async () => {
      const numbers = async (filter: Parameters<typeof listCases>[1]) =>
        (await listCases(db, filter)).items.map((c) => c.number);
      const { registered, refused, production, ticket } = seed.caseNumbers;
      expect(await numbers({})).toEqual([ticket, refused, production, registered]);
      expect(await numbers({ open: true })).toEqual([ticket, production]);
      expect(await numbers({ open: false })).toEqual([refused, registered]);
      expect(await numbers({ procedure: 'P1' })).toEqual([refused, registered]);
      expect(await numbers({ state: 'refused' })).toEqual([refused]);
      expect(await numbers({ institution: '90000000002' })).toEqual([production]);
      expect(await numbers({ institution: 'IESTĀDE c' })).toEqual([refused]);
      expect(await numbers({ institution: '%' })).toEqual([]);
      expect(await numbers({ step: 4 })).toEqual([production]);
      expect(await numbers({ step: 5 })).toEqual([registered]);
      expect(await numbers({ step: 4, procedure: 'P1' })).toEqual([]);
      const p2 = (await listCases(db, { procedure: 'P2' })).items[0];
      expect(p2).toMatchObject({
        number: production,
        state: 'awaiting-installation',
        step: 4,
        institutionRegNo: '90000000002',
        institutionName: 'Pārbaudes iestāde B',
        title: 'Adrešu meklēšana',
        contactPerson: 'Mārtiņš Liepa',
        openedAt: new Date('2026-03-10T10:00:00Z'),
        closedAt: null,
      });
      const done = (await listCases(db, { procedure: 'P1', step: 5 })).items[0];
      expect(done?.closedAt).toEqual(new Date('2026-03-10T09:52:30Z'));
    });

    it('when staff open a P1 case, then they see its timeline, mail with verified documents, letters, e-service and nothing of P2', async () => {
      const detail = await caseDetail(db, seed.caseNumbers.registered);
      expect(detail?.case).toMatchObject({
        number: seed.caseNumbers.registered,
        procedure: 'P1',
        state: 'access-granted',
        language: 'lv',
        replyTo: 'iestade@institution-a.test',
        data: { eserviceId: seed.eserviceIdentifier },
      });
      expect(detail?.events.map((e) => [e.kind, e.toState])).toEqual([
        ['eservice-registered', 'awaiting-access-request'],
        ['access-granted', 'access-granted'],
      ]);
      expect(detail?.messages.map((m) => [m.id, m.documents.length])).toEqual([
        [seed.messageIds.registration, 1],
        [seed.messageIds.access, 2],
      ]);
      const form = detail?.messages[0]?.documents[0];
      expect(form).toMatchObject({
        id: seed.documentIds.registrationForm,
        filename: 'registracija.pdf',
        verification: {
          documentId: seed.documentIds.registrationForm,
          accepted: true,
          indication: 'TOTAL_PASSED',
          subIndication: null,
          format: 'PAdES',
          reasons: [],
        },
      });
      // The signer's certificate names a personal code; the page must not.
      expect(form?.verification?.signer).toContain('CN=Jānis Bērziņš');
      expect(form?.verification?.signer).not.toMatch(PERSONAL_CODE);
      expect(detail?.letters.map((l) => [l.kind, l.status])).toEqual([
        ['registration-confirmed', 'sent'],
        ['access-granted', 'sent'],
      ]);
      expect(detail?.letters[0]?.sentAt).toEqual(new Date('2026-03-10T09:41:30Z'));
      expect(detail?.eservices).toEqual([
        expect.objectContaining({
          identifier: seed.eserviceIdentifier,
          nameLv: 'Klientu reģistrs',
          caseNumber: seed.caseNumbers.registered,
          grantCount: 3,
          apiPublicationCount: 1,
        }),
      ]);
      expect(detail?.installationTask).toBeNull();
      expect(detail?.acceptanceAct).toBeNull();
      expect(detail?.audit).toEqual([]);
    });

    it('when staff open the P2 case, then they see the open installation, the signed act and their colleague’s audited action', async () => {
      const detail = await caseDetail(db, seed.caseNumbers.production);
      expect(detail?.installationTask).toMatchObject({ state: 'open', doneAt: null, doneBy: null });
      expect(detail?.acceptanceAct).toMatchObject({
        number: `AA-${seed.year}-00001`,
        signedDocumentId: seed.documentIds.signedAct,
      });
      expect(detail?.events.at(-1)).toMatchObject({
        kind: 'contact-reassigned',
        actor: 'staff:inga',
      });
      expect(detail?.audit).toEqual([
        expect.objectContaining({
          actor: 'staff:inga',
          action: 'case.reassign-contact',
          subject: `case:${seed.caseNumbers.production}`,
          after: { contactPerson: 'Mārtiņš Liepa' },
        }),
      ]);
      const documents = detail?.messages.flatMap((m) => m.documents) ?? [];
      expect(documents.find((d) => d.filename === 'openapi.yaml')?.verification).toBeNull();
      expect(
        documents.find((d) => d.filename === 'tp-publicesana.pdf')?.verification,
      ).toMatchObject({ accepted: false, format: 'unsigned', indication: null, signer: null });
      expect(detail?.letters.map((l) => [l.kind, l.triggerMessageId])).toEqual([
        ['acceptance-act', seed.messageIds.productionRequest],
        ['production-registered', seed.messageIds.signedAct],
      ]);
      expect(detail?.eservices).toEqual([]);
    });

    it('when staff open a refused case, then each reason is there and the failed letter says why', async () => {
      const detail = await caseDetail(db, seed.caseNumbers.refused);
      expect(detail?.case).toMatchObject({ state: 'refused', step: null });
      expect(SEED_REFUSAL_REASONS.length).toBeGreaterThan(0);
      expect(detail?.messages[0]?.documents[0]?.verification).toMatchObject({
        accepted: false,
        indication: 'TOTAL_FAILED',
        subIndication: 'HASH_FAILURE',
        reasons: [...SEED_REFUSAL_REASONS],
      });
      expect(detail?.letters).toEqual([
        expect.objectContaining({
          kind: 'refusal',
          recipient: 'iestade@institution-c.test',
          status: 'failed',
          statusReason: SEED_FAILED_SEND_REASON,
          sentAt: null,
        }),
      ]);
    });

    it('when a case number is unknown, then there is no detail', async () => {
      expect(await caseDetail(db, 'P1-1999-99999')).toBeUndefined();
    });

    it('when staff read the registry, then e-services, grants (with names and addresses) and both catalogues are listed and searchable', async () => {
      expect((await listEservices(db)).items).toEqual([
        expect.objectContaining({
          identifier: seed.eserviceIdentifier,
          institutionRegNo: '90000000001',
        }),
      ]);
      expect((await listEservices(db, { q: 'CLIENT' })).total).toBe(1);
      expect((await listEservices(db, { q: 'nav tāda' })).total).toBe(0);

      const grants = await listAccessGrants(db);
      expect(grants.items.map((g) => [g.surname, g.role, g.environment])).toEqual([
        ['Kalniņa', 'developer', 'production'],
        ['Kalniņa', 'developer', 'test'],
        ['Ozols', 'tester', 'test'],
      ]);
      expect(grants.items[2]).toMatchObject({
        name: 'Pēteris',
        email: 'peteris.ozols@institution-a.test',
        eserviceName: 'Klientu reģistrs',
        caseNumber: seed.caseNumbers.registered,
        validUntil: `${seed.year}-12-31`,
        provisionedBy: 'registry',
      });
      expect((await listAccessGrants(db, { environment: 'production' })).total).toBe(1);
      expect((await listAccessGrants(db, { q: 'anna kalniņa' })).total).toBe(2);
      expect((await listAccessGrants(db, { eservice: 'EP-1999-00001' })).total).toBe(0);

      const test = await listCatalogue(db, 'test');
      expect(test.items.map((e) => e.identifier)).toEqual(seed.catalogue.test);
      expect(test.items[1]).toMatchObject({ caseNumber: null, details: { protocol: 'REST' } });
      const production = await listCatalogue(db, 'production');
      expect(production.items).toEqual([
        expect.objectContaining({
          identifier: 'VISS.TP.INSTB.ADRESES',
          version: '1.2',
          caseNumber: seed.caseNumbers.production,
        }),
      ]);
      expect((await listCatalogue(db, 'test', { q: 'klient' })).items).toHaveLength(1);
    });

    it('when staff look at audit-record imports, then each batch shows its size, success count, period and services', async () => {
      expect(await listAuditRecordBatches(db)).toEqual([
        {
          batch: seed.auditBatch,
          records: 6,
          ok: 5,
          firstAt: new Date('2026-02-02T08:00:00Z'),
          lastAt: new Date('2026-02-06T12:00:00Z'),
          importedAt: expect.any(Date),
          services: ['VISS.TP.INSTA.KLIENTI', 'VISS.TP.INSTB.ADRESES'],
        },
      ]);
    });

    it('when staff list support tickets, then each comes with its last event', async () => {
      const open = await listSupportTickets(db, { open: true });
      expect(open.items).toEqual([
        expect.objectContaining({
          number: seed.caseNumbers.ticket,
          state: 'open',
          replyTo: 'developer@institution-a.test',
          messageCount: 1,
          lastEvent: expect.objectContaining({ kind: 'ticket-opened', actor: 'system' }),
        }),
      ]);
      expect((await listSupportTickets(db, { open: false })).total).toBe(0);
      expect((await listSupportTickets(db)).items.map((t) => t.number)).toEqual([
        seed.caseNumbers.ticket,
      ]);
    });

    it('when staff edit a catalogue entry, then the change is made and before and after come back for the audit log', async () => {
      await rolledBack(db, async (tx) => {
        const changed = await updateCatalogueEntry(tx, 'test', 'VISS.TP.INSTB.ADRESES', {
          version: '1.3',
          institutionRegNo: null,
        });
        expect(changed?.before).toMatchObject({ version: '1.2', institutionRegNo: '90000000002' });
        expect(changed?.after).toMatchObject({
          name: 'Adrešu meklēšana',
          version: '1.3',
          institutionRegNo: null,
        });
        const renamed = await updateCatalogueEntry(tx, 'test', 'VISS.TP.INSTB.ADRESES', {
          name: 'Adreses',
        });
        expect(renamed?.after).toMatchObject({
          name: 'Adreses',
          version: '1.3',
          institutionRegNo: null,
        });
        // The production entry of the same identifier is another row.
        expect((await listCatalogue(tx, 'production')).items[0]?.version).toBe('1.2');
        expect(await updateCatalogueEntry(tx, 'test', 'NAV.TADA', { name: 'x' })).toBeUndefined();
      });
    });

    it('when staff delete a catalogue entry, then it is gone and its last state comes back', async () => {
      await rolledBack(db, async (tx) => {
        const deleted = await deleteCatalogueEntry(tx, 'test', 'VISS.TP.INSTA.KLIENTI');
        expect(deleted?.before).toMatchObject({ name: 'Klientu dati', version: '2.0' });
        expect((await listCatalogue(tx, 'test')).items.map((e) => e.identifier)).toEqual([
          'VISS.TP.INSTB.ADRESES',
        ]);
        expect(await deleteCatalogueEntry(tx, 'test', 'VISS.TP.INSTA.KLIENTI')).toBeUndefined();
      });
    });

    it('when any read model is shown, then no personal code is in it', async () => {
      const everything = [
        await overviewStats(db, NOW),
        await searchMessages(db, { limit: MAX_PAGE_SIZE }),
        await listCases(db, { limit: MAX_PAGE_SIZE }),
        ...(await Promise.all(Object.values(seed.caseNumbers).map((n) => caseDetail(db, n)))),
        await listEservices(db),
        await listAccessGrants(db),
        await listCatalogue(db, 'test'),
        await listCatalogue(db, 'production'),
        await listAuditRecordBatches(db),
        await listSupportTickets(db),
      ];
      expect(JSON.stringify(everything)).not.toMatch(PERSONAL_CODE);
    });

    it('the seed records the held acknowledgement with its reason', async () => {
      const ticket = await caseDetail(db, seed.caseNumbers.ticket);
      expect(ticket?.letters).toEqual([
        expect.objectContaining({ status: 'held', statusReason: SEED_HELD_REASON }),
      ]);
    });
  });
}

for (const engine of testDatabases()) {
  describe(`the dashboard seed on ${engine.name}`, () => {
    it("when seeded just after Riga's midnight, then the whole story still falls on that day, in the same order", async () => {
      const { db, close } = await engine.open();
      try {
        const justAfterMidnight = new Date('2026-03-09T22:10:00Z'); // 00:10 in Riga
        const seed = await seedDashboard(db, { now: justAfterMidnight });
        const stats = await overviewStats(db, justAfterMidnight);
        expect(stats.day).toBe('2026-03-10');
        expect(stats.messagesToday.total).toBe(8);
        expect((await searchMessages(db)).items.at(-1)?.id).toBe(seed.messageIds.registration);
        expect(seed.caseNumbers).toEqual({
          registered: 'P1-2026-00001',
          refused: 'P1-2026-00002',
          production: 'P2-2026-00001',
          ticket: 'ATB-2026-00001',
        });
        expect(seed.eserviceIdentifier).toBe('EP-2026-00001');
      } finally {
        await close();
      }
    });
  });
}
