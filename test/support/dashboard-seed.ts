import { createHash } from 'node:crypto';
import { AGENCY_TIME_ZONE, agencyYear, type Answer } from '../../src/cases/index.js';
import { formatIdentifier, identifierCounter } from '../../src/cases/identifier-format.js';
import type { DocumentReport } from '../../src/signature/report.js';
import {
  appendAudit,
  importAuditRecords,
  importCatalogue,
  moveOutbox,
  recordComposedAnswer,
  recordDocuments,
  recordIncomingMessage,
  saveVerificationReport,
  setMessageStatus,
  sqlCaseStore,
  syncMailboxPosition,
  type Database,
  type MessageStatus,
  type NewDocument,
} from '../../src/store/index.js';
import { documentReport, signatureReport, summaryOf } from './document-reports.js';

/**
 * A small, realistic dashboard: what the pipeline would have left after a busy hour. Made with
 * the repositories the pipeline uses (plain SQL only to put times where the story needs them),
 * so the pages and read models see exactly what production has.
 *
 * On a fresh database it makes, with YYYY the agency's year of `now`:
 *
 * | case            | what                                                                        |
 * | --------------- | --------------------------------------------------------------------------- |
 * | P1-YYYY-00001   | access-granted (closed): e-service EP-YYYY-00001 "Klientu reģistrs" of      |
 * |                 | institution A (90000000001), 3 access grants (2 test, 1 production), 1 API  |
 * |                 | publication; letters registration-confirmed and access-granted, both sent   |
 * | P1-YYYY-00002   | refused (closed): institution C's registration form, refused (TOTAL_FAILED/ |
 * |                 | HASH_FAILURE, the policy's reasons); its refusal letter failed (SMTP 550)   |
 * | P2-YYYY-00001   | awaiting-installation (open): institution B's web service                   |
 * |                 | VISS.TP.INSTB.ADRESES, acceptance act AA-YYYY-00001 signed back, open       |
 * |                 | installation task, entry in the production catalogue; letters acceptance-  |
 * |                 | act and production-registered sent; contact reassigned by staff:inga (one   |
 * |                 | event, one audit-log entry under `case:P2-YYYY-00001`)                      |
 * | ATB-YYYY-00001  | open support ticket from developer@institution-a.test; its acknowledgement  |
 * |                 | is held by the daily cap                                                    |
 *
 * Messages not in a case: an auto-reply (ignored, with its reason) and a mail whose processing
 * failed for good (failed, with its reason). Test catalogue: VISS.TP.INSTA.KLIENTI and
 * VISS.TP.INSTB.ADRESES; production catalogue: VISS.TP.INSTB.ADRESES. One audit-record batch,
 * `viss-test-2026-02`: 6 records (5 ok) of two services, 2026-02-02 … 2026-02-06.
 *
 * Times are relative to `now` (default: the clock), all within the last 50 minutes:
 *
 * | message                        | received   | first answer sent     |
 * | ------------------------------ | ---------- | --------------------- |
 * | registration (e-address)       | now − 50 m | +90 s                 |
 * | access forms (e-address)       | now − 40 m | +150 s                |
 * | production request (support)   | now − 30 m | +300 s (the act)      |
 * | signed act back (e-address)    | now − 20 m | +60 s                 |
 * | refused registration           | now − 15 m | refusal failed        |
 * | support question (support)     | now − 10 m | acknowledgement held  |
 * | auto-reply (support)           | now − 8 m  | —                     |
 * | failed mail (e-address)        | now − 5 m  | —                     |
 *
 * Within the first 50 minutes of Riga's day the schedule is compressed (same order) so that
 * everything still falls on `now`'s agency day. Pass a fixed `now` for exact figures.
 * Verification reports are the verifier's shape (schema-valid, the real policy's verdict, built
 * by ./document-reports.ts). The signer of the registration form has a made-up personal code in
 * its certificate subject (`SEED_SIGNER_SUBJECT`), for tests of who may see it.
 */
export interface DashboardSeed {
  now: Date;
  year: number;
  caseNumbers: { registered: string; refused: string; production: string; ticket: string };
  eserviceIdentifier: string;
  messageIds: {
    registration: string;
    access: string;
    productionRequest: string;
    signedAct: string;
    refused: string;
    supportQuestion: string;
    autoReply: string;
    failed: string;
  };
  documentIds: {
    registrationForm: string;
    accessRightsForm: string;
    apiManagerForm: string;
    productionRequest: string;
    operationDescription: string;
    signedAct: string;
    refusedForm: string;
  };
  outboxIds: {
    registrationConfirmed: string;
    accessGranted: string;
    acceptanceAct: string;
    productionRegistered: string;
    refusal: string;
    ticketAcknowledgement: string;
  };
  catalogue: { test: string[]; production: string[] };
  auditBatch: string;
  institutions: {
    a: { regNo: string; name: string };
    b: { regNo: string; name: string };
    c: { regNo: string; name: string };
  };
}

/** Seconds before `now` each message arrives; the schedule spans this much. */
const SCHEDULE_SPAN_SECONDS = 3000;
const UIDVALIDITY = 1_700_000_000;
const AGENCY_DOMAIN = 'agency.test';
export const SEED_SIGNER_SUBJECT =
  'CN=Jānis Bērziņš,SERIALNUMBER=PNOLV-010190-12345,GIVENNAME=Jānis,SURNAME=Bērziņš,C=LV';
export const SEED_HELD_REASON = 'daily cap reached: 20 answers to developer@institution-a.test';
export const SEED_FAILED_SEND_REASON =
  '550 5.1.1 <iestade@institution-c.test>: mailbox unavailable';
export const SEED_IGNORED_REASON = 'automatic mail (Auto-Submitted: auto-replied)';
export const SEED_FAILED_REASON =
  'parse: gave up after 5 attempts: the PDF cross-reference table is damaged';
/** A form changed after signing: the real policy's verdict on a broken signature. */
const REFUSED_REPORT = documentReport('registracija-c.pdf', [
  signatureReport({
    signer: 'Zane Ozoliņa',
    indication: 'TOTAL_FAILED',
    subIndication: 'HASH_FAILURE',
    level: 'B-B',
    timestamp: null,
    errors: ['the signed digest does not match the document: it was changed after signing'],
  }),
]);
/** Why the policy refused the seeded registration form, as stored in its report. */
export const SEED_REFUSAL_REASONS: readonly string[] = REFUSED_REPORT.reasons;

export async function seedDashboard(
  db: Database,
  options: { now?: Date } = {},
): Promise<DashboardSeed> {
  const now = options.now ?? new Date();
  const year = agencyYear(now);
  const scale = Math.max(
    0,
    Math.min(1, (secondsSinceAgencyMidnight(now) - 1) / SCHEDULE_SPAN_SECONDS),
  );
  const before = (seconds: number): Date => new Date(now.getTime() - seconds * scale * 1000);
  const after = (t: Date, seconds: number): Date => new Date(t.getTime() + seconds * scale * 1000);

  const store = sqlCaseStore(db, { messageIdDomain: AGENCY_DOMAIN });
  const institutions = {
    a: { regNo: '90000000001', name: 'Pārbaudes iestāde A' },
    b: { regNo: '90000000002', name: 'Pārbaudes iestāde B' },
    c: { regNo: '90000000003', name: 'Pārbaudes iestāde C' },
  };
  await syncMailboxPosition(db, 'e-address', UIDVALIDITY);
  await syncMailboxPosition(db, 'support', UIDVALIDITY);

  let uid = 0;
  const message = async (fields: {
    mailbox: 'e-address' | 'support';
    from: string;
    subject: string;
    receivedAt: Date;
    status: MessageStatus;
    reason?: string;
    documents?: Array<
      Omit<NewDocument, 'partIndex' | 'sha256' | 'size'> & { report?: DocumentReport }
    >;
  }): Promise<{ id: string; documents: string[] }> => {
    uid += 1;
    const recorded = await recordIncomingMessage(db, {
      mailbox: fields.mailbox,
      uidvalidity: UIDVALIDITY,
      uid,
      messageId: `<seed-${uid}@${fields.from.split('@')[1] ?? 'example.test'}>`,
      rawSha256: sha256(`raw ${uid}`),
      contentSha256: sha256(`content ${uid}`),
      size: 20_000 + uid,
      from: fields.from,
      subject: fields.subject,
    });
    await setMessageStatus(db, recorded.id, fields.status, fields.reason);
    await db.query('UPDATE messages SET received_at = $2, updated_at = $2 WHERE id = $1', [
      recorded.id,
      fields.receivedAt,
    ]);
    const documents = await recordDocuments(
      db,
      recorded.id,
      (fields.documents ?? []).map((d, i) => ({
        partIndex: i + 1,
        filename: d.filename,
        contentType: d.contentType,
        kind: d.kind,
        note: d.note,
        sha256: sha256(`${uid}/${d.filename}`),
        size: 10_000 + i,
      })),
    );
    for (const [i, d] of (fields.documents ?? []).entries()) {
      const id = documents[i]?.id;
      if (id && d.report) await verified(db, id, d.report, after(fields.receivedAt, 5));
    }
    return { id: recorded.id, documents: documents.map((d) => d.id) };
  };

  // P1: registration, then both access forms in one mail.
  const registrationAt = before(3000);
  const registration = await message({
    mailbox: 'e-address',
    from: 'iestade@institution-a.test',
    subject: 'E-pakalpojuma reģistrācija',
    receivedAt: registrationAt,
    status: 'processed',
    documents: [
      {
        filename: 'registracija.pdf',
        contentType: 'application/pdf',
        kind: 'document',
        report: passed('registracija.pdf', 'Jānis Bērziņš', SEED_SIGNER_SUBJECT),
      },
    ],
  });
  const accessAt = before(2400);
  const access = await message({
    mailbox: 'e-address',
    from: 'iestade@institution-a.test',
    subject: 'Piekļuves tiesības un API Pārvaldnieks',
    receivedAt: accessAt,
    status: 'processed',
    documents: [
      {
        filename: 'piekluves-tiesibas.edoc',
        contentType: 'application/vnd.etsi.asic-e+zip',
        kind: 'document',
        report: passed('piekluves-tiesibas.edoc', 'Anna Kalniņa'),
      },
      {
        filename: 'api-parvaldnieks.pdf',
        contentType: 'application/pdf',
        kind: 'document',
        report: passed('api-parvaldnieks.pdf', 'Anna Kalniņa'),
      },
    ],
  });
  const eserviceIdentifier = formatIdentifier(
    'EP-{YYYY}-{NNNNN}',
    year,
    await store.nextInCounter(identifierCounter('EP-{YYYY}-{NNNNN}', year)),
  );
  let p1 = await store.openCase(
    {
      procedure: 'P1',
      state: 'awaiting-access-request',
      number: await caseNumber(store, 'P1', year),
      institutionRegNo: institutions.a.regNo,
      institutionName: institutions.a.name,
      title: 'Klientu reģistrs',
      contactPerson: 'Inga Pētersone',
      language: 'lv',
      replyTo: 'iestade@institution-a.test',
      data: {
        eserviceId: eserviceIdentifier,
        registrationDocumentId: registration.documents[0],
      },
    },
    {
      kind: 'eservice-registered',
      actor: 'system',
      messageId: registration.id,
      detail: { identifier: eserviceIdentifier, contactPerson: 'Inga Pētersone' },
    },
  );
  await store.linkMessage(p1.id, registration.id);
  await store.registerEService({
    identifier: eserviceIdentifier,
    caseId: p1.id,
    institutionRegNo: institutions.a.regNo,
    institutionName: institutions.a.name,
    nameLv: 'Klientu reģistrs',
    nameEn: 'Client register',
    contactPerson: 'Inga Pētersone',
    details: {
      responsible: { name: 'Anna Kalniņa', email: 'anna.kalnina@institution-a.test' },
      technical: { name: 'Pēteris Ozols', email: 'peteris.ozols@institution-a.test' },
    },
  });
  await store.linkMessage(p1.id, access.id);
  const grant = {
    eserviceIdentifier,
    caseId: p1.id,
    messageId: access.id,
    organisation: institutions.a.name,
    validUntil: `${year}-12-31`,
    provisionedBy: 'registry',
  };
  await store.recordGrants([
    {
      ...grant,
      name: 'Anna',
      surname: 'Kalniņa',
      email: 'anna.kalnina@institution-a.test',
      role: 'developer',
      environment: 'test',
    },
    {
      ...grant,
      name: 'Pēteris',
      surname: 'Ozols',
      email: 'peteris.ozols@institution-a.test',
      role: 'tester',
      environment: 'test',
    },
    {
      ...grant,
      name: 'Anna',
      surname: 'Kalniņa',
      email: 'anna.kalnina@institution-a.test',
      role: 'developer',
      environment: 'production',
    },
  ]);
  await store.recordApiPublication({
    eserviceIdentifier,
    caseId: p1.id,
    apiName: 'klienti-api',
    apiVersion: '1.0',
    environment: 'test',
    details: {},
  });
  p1 = await store.transition(p1, 'access-granted', {
    kind: 'access-granted',
    actor: 'system',
    messageId: access.id,
  });
  await dateCase(db, p1.id, registrationAt, after(accessAt, 150));

  // P2: the production request, the act sealed and sent, signed back, registered, to install.
  const requestAt = before(1800);
  const request = await message({
    mailbox: 'support',
    from: 'iestade@institution-b.test',
    subject: 'Tīmekļa pakalpes publicēšana produkcijā',
    receivedAt: requestAt,
    status: 'processed',
    documents: [
      {
        filename: 'tp-publicesana.pdf',
        contentType: 'application/pdf',
        kind: 'document',
        report: documentReport('tp-publicesana.pdf', []),
      },
      { filename: 'openapi.yaml', contentType: 'application/yaml', kind: 'document' },
    ],
  });
  const actAt = before(1200);
  const signedAct = await message({
    mailbox: 'e-address',
    from: 'iestade@institution-b.test',
    subject: `Re: Akcepttestēšanas akts AA-${year}-00001`,
    receivedAt: actAt,
    status: 'processed',
    documents: [
      {
        filename: `AA-${year}-00001-parakstits.pdf`,
        contentType: 'application/pdf',
        kind: 'document',
        report: passed(`AA-${year}-00001-parakstits.pdf`, 'Līga Kalniete'),
      },
    ],
  });
  const webService = {
    identifier: 'VISS.TP.INSTB.ADRESES',
    name: 'Adrešu meklēšana',
    version: '1.2',
    institutionRegNo: institutions.b.regNo,
  };
  let p2 = await store.openCase(
    {
      procedure: 'P2',
      state: 'awaiting-signed-act',
      number: await caseNumber(store, 'P2', year),
      institutionRegNo: institutions.b.regNo,
      institutionName: institutions.b.name,
      title: webService.name,
      contactPerson: 'Inga Pētersone',
      language: 'lv',
      replyTo: 'iestade@institution-b.test',
      data: {
        testCatalogueId: webService.identifier,
        webServiceName: webService.name,
        webServiceVersion: webService.version,
        usedInViss: true,
        deployToProduction: true,
        contactEmail: 'iestade@institution-b.test',
        requestDocumentId: request.documents[0],
      },
    },
    {
      kind: 'request-checked',
      actor: 'system',
      messageId: request.id,
      detail: { identifier: webService.identifier },
    },
  );
  await store.linkMessage(p2.id, request.id);
  await store.recordAct({
    caseId: p2.id,
    number: `AA-${year}-00001`,
    sha256: sha256('acceptance act'),
    size: 48_213,
  });
  await store.linkMessage(p2.id, signedAct.id);
  await store.markActSigned(p2.id, signedAct.documents[0] ?? '');
  await store.registerInCatalogue('production', { ...webService, details: {} }, p2.id);
  await store.openInstallationTask(p2.id);
  p2 = await store.transition(p2, 'awaiting-installation', {
    kind: 'registered-in-production-catalogue',
    actor: 'system',
    messageId: signedAct.id,
    detail: { identifier: webService.identifier, installationTask: true },
  });
  p2 = await store.note(
    p2,
    {
      kind: 'contact-reassigned',
      actor: 'staff:inga',
      detail: { before: 'Inga Pētersone', after: 'Mārtiņš Liepa' },
    },
    { contactPerson: 'Mārtiņš Liepa' },
  );
  await appendAudit(db, {
    actor: 'staff:inga',
    action: 'case.reassign-contact',
    subject: `case:${p2.number}`,
    before: { contactPerson: 'Inga Pētersone' },
    after: { contactPerson: 'Mārtiņš Liepa' },
  });
  await db.query('UPDATE installation_tasks SET opened_at = $2 WHERE case_id = $1', [
    p2.id,
    after(actAt, 60),
  ]);
  await dateCase(db, p2.id, requestAt, after(actAt, 60));

  // A refused registration: the document was changed after signing.
  const refusedAt = before(900);
  const refused = await message({
    mailbox: 'e-address',
    from: 'iestade@institution-c.test',
    subject: 'Reģistrācijas veidlapa',
    receivedAt: refusedAt,
    status: 'processed',
    documents: [
      {
        filename: 'registracija-c.pdf',
        contentType: 'application/pdf',
        kind: 'document',
        report: REFUSED_REPORT,
      },
    ],
  });
  const p1Refused = await store.openCase(
    {
      procedure: 'P1',
      state: 'refused',
      number: await caseNumber(store, 'P1', year),
      institutionRegNo: institutions.c.regNo,
      institutionName: institutions.c.name,
      title: 'Reģistrācijas veidlapa',
      language: 'lv',
      replyTo: 'iestade@institution-c.test',
      data: { refusedDocuments: refused.documents },
    },
    {
      kind: 'submission-refused',
      actor: 'system',
      messageId: refused.id,
      detail: { reasons: [...SEED_REFUSAL_REASONS], documents: refused.documents },
    },
  );
  await store.linkMessage(p1Refused.id, refused.id);
  await dateCase(db, p1Refused.id, refusedAt, after(refusedAt, 10), true);

  // A support ticket.
  const questionAt = before(600);
  const question = await message({
    mailbox: 'support',
    from: 'developer@institution-a.test',
    subject: 'Jautājums par klienti-api testa vidi',
    receivedAt: questionAt,
    status: 'processed',
  });
  const ticket = await store.openCase(
    {
      procedure: 'support',
      state: 'open',
      number: await caseNumber(store, 'ATB', year),
      title: 'Jautājums par klienti-api testa vidi',
      language: 'lv',
      replyTo: 'developer@institution-a.test',
      data: { mailbox: 'support' },
    },
    { kind: 'ticket-opened', actor: 'system', messageId: question.id },
  );
  await store.linkMessage(ticket.id, question.id);
  await dateCase(db, ticket.id, questionAt, after(questionAt, 5));

  // Mail that joins no case.
  const autoReply = await message({
    mailbox: 'support',
    from: 'noreply@institution-b.test',
    subject: 'Automātiskā atbilde: Tīmekļa pakalpes publicēšana produkcijā',
    receivedAt: before(480),
    status: 'ignored',
    reason: SEED_IGNORED_REASON,
  });
  const failed = await message({
    mailbox: 'e-address',
    from: 'iestade@institution-a.test',
    subject: 'Papildu dokumenti',
    receivedAt: before(300),
    status: 'failed',
    reason: SEED_FAILED_REASON,
    documents: [{ filename: 'pielikums.pdf', contentType: 'application/pdf', kind: 'document' }],
  });

  // The letters: four sent, one refused by the server, one held by the daily cap.
  const letter = async (
    caseId: string,
    answer: Omit<Answer, 'language'>,
    createdAt: Date,
    outcome: { sentAt: Date } | { failed: string } | { held: string },
  ): Promise<string> => {
    await store.queueAnswer(caseId, { ...answer, language: 'lv' });
    const id =
      (
        await db.query<{ id: string }>('SELECT id::text AS id FROM outbox WHERE dedupe_key = $1', [
          answer.dedupeKey,
        ])
      ).rows[0]?.id ?? '';
    if ('held' in outcome) await moveOutbox(db, id, ['pending'], 'held', outcome.held);
    else {
      await recordComposedAnswer(db, id, sha256(`letter ${id}`), sha256(`mime ${id}`));
      await moveOutbox(db, id, ['pending'], 'sending');
      if ('failed' in outcome) await moveOutbox(db, id, ['sending'], 'failed', outcome.failed);
      else await moveOutbox(db, id, ['sending'], 'sent');
    }
    const sentAt = 'sentAt' in outcome ? outcome.sentAt : null;
    await db.query(
      `UPDATE outbox SET created_at = $2::timestamptz,
         sending_at = CASE WHEN sending_at IS NULL THEN NULL ELSE COALESCE($3::timestamptz, $2::timestamptz) END,
         sent_at = $3::timestamptz WHERE id = $1`,
      [id, createdAt, sentAt],
    );
    return id;
  };
  const outboxIds = {
    registrationConfirmed: await letter(
      p1.id,
      {
        kind: 'registration-confirmed',
        dedupeKey: `registration-confirmed:${p1.id}`,
        recipient: 'iestade@institution-a.test',
        triggerMessageId: registration.id,
        data: { caseNumber: p1.number, identifier: eserviceIdentifier },
      },
      after(registrationAt, 10),
      { sentAt: after(registrationAt, 90) },
    ),
    accessGranted: await letter(
      p1.id,
      {
        kind: 'access-granted',
        dedupeKey: `access-granted:${p1.id}`,
        recipient: 'iestade@institution-a.test',
        triggerMessageId: access.id,
        data: { caseNumber: p1.number, identifier: eserviceIdentifier },
      },
      after(accessAt, 10),
      { sentAt: after(accessAt, 150) },
    ),
    acceptanceAct: await letter(
      p2.id,
      {
        kind: 'acceptance-act',
        dedupeKey: `acceptance-act:${p2.id}`,
        recipient: 'iestade@institution-b.test',
        triggerMessageId: request.id,
        data: { caseNumber: p2.number, actNumber: `AA-${year}-00001` },
        attachments: [{ kind: 'document', sha256: sha256('acceptance act') }],
      },
      after(requestAt, 10),
      { sentAt: after(requestAt, 300) },
    ),
    productionRegistered: await letter(
      p2.id,
      {
        kind: 'production-registered',
        dedupeKey: `production-registered:${p2.id}`,
        recipient: 'iestade@institution-b.test',
        triggerMessageId: signedAct.id,
        data: { caseNumber: p2.number, identifier: webService.identifier },
      },
      after(actAt, 10),
      { sentAt: after(actAt, 60) },
    ),
    refusal: await letter(
      p1Refused.id,
      {
        kind: 'refusal',
        dedupeKey: `refusal:${refused.id}`,
        recipient: 'iestade@institution-c.test',
        triggerMessageId: refused.id,
        data: { caseNumber: p1Refused.number, reasons: [...SEED_REFUSAL_REASONS] },
        attachments: [{ kind: 'validation-report', documentId: refused.documents[0] ?? '' }],
      },
      after(refusedAt, 10),
      { failed: SEED_FAILED_SEND_REASON },
    ),
    ticketAcknowledgement: await letter(
      ticket.id,
      {
        kind: 'ticket-acknowledgement',
        dedupeKey: `ticket-acknowledgement:${ticket.id}`,
        recipient: 'developer@institution-a.test',
        triggerMessageId: question.id,
        data: { caseNumber: ticket.number },
      },
      after(questionAt, 5),
      { held: SEED_HELD_REASON },
    ),
  };

  // The registry's other sources: the test catalogue import and one audit-record export.
  await importCatalogue(db, 'test', [
    {
      identifier: 'VISS.TP.INSTA.KLIENTI',
      name: 'Klientu dati',
      version: '2.0',
      institutionRegNo: institutions.a.regNo,
      details: {},
    },
    { ...webService, details: { protocol: 'REST' } },
  ]);
  const auditBatch = 'viss-test-2026-02';
  const records = [
    ['VISS.TP.INSTB.ADRESES', '2026-02-02T08:00:00Z', 'VISS.IS.PORTAL', true],
    ['VISS.TP.INSTB.ADRESES', '2026-02-03T09:30:00Z', 'VISS.IS.PORTAL', true],
    ['VISS.TP.INSTB.ADRESES', '2026-02-04T10:15:00Z', 'VISS.IS.KADASTRS', false],
    ['VISS.TP.INSTB.ADRESES', '2026-02-05T11:45:00Z', 'VISS.IS.KADASTRS', true],
    ['VISS.TP.INSTB.ADRESES', '2026-02-06T12:00:00Z', 'VISS.IS.PORTAL', true],
    ['VISS.TP.INSTA.KLIENTI', '2026-02-04T07:20:00Z', 'VISS.IS.PORTAL', true],
  ] as const;
  await importAuditRecords(
    db,
    auditBatch,
    records.map(([serviceIdentifier, at, consumer, ok]) => ({
      serviceIdentifier,
      at: new Date(at),
      consumer,
      operation: 'meklet',
      ok,
    })),
  );

  return {
    now,
    year,
    caseNumbers: {
      registered: p1.number,
      refused: p1Refused.number,
      production: p2.number,
      ticket: ticket.number,
    },
    eserviceIdentifier,
    messageIds: {
      registration: registration.id,
      access: access.id,
      productionRequest: request.id,
      signedAct: signedAct.id,
      refused: refused.id,
      supportQuestion: question.id,
      autoReply: autoReply.id,
      failed: failed.id,
    },
    documentIds: {
      registrationForm: registration.documents[0] ?? '',
      accessRightsForm: access.documents[0] ?? '',
      apiManagerForm: access.documents[1] ?? '',
      productionRequest: request.documents[0] ?? '',
      operationDescription: request.documents[1] ?? '',
      signedAct: signedAct.documents[0] ?? '',
      refusedForm: refused.documents[0] ?? '',
    },
    outboxIds,
    catalogue: {
      test: ['VISS.TP.INSTA.KLIENTI', 'VISS.TP.INSTB.ADRESES'],
      production: ['VISS.TP.INSTB.ADRESES'],
    },
    auditBatch,
    institutions,
  };
}

/**
 * A qualified, time-stamped signature the policy accepts (from the shared report builder);
 * `subject` replaces the builder's certificate subject.
 */
function passed(file: string, signer: string, subject?: string): DocumentReport {
  const signature = signatureReport({ signer, kind: file.endsWith('.edoc') ? 'XAdES' : 'PAdES' });
  if (subject && signature.signer) {
    signature.signer.subject = subject;
    const leaf = signature.chain[0];
    if (leaf) leaf.subject = subject;
  }
  return documentReport(file, [signature], {
    format: file.endsWith('.edoc') ? 'ASiC-E' : 'PAdES',
  });
}

/** Stores the report as the verify stage does, verified at `at`. */
async function verified(
  db: Database,
  documentId: string,
  report: DocumentReport,
  at: Date,
): Promise<void> {
  await saveVerificationReport(db, documentId, report, summaryOf(report));
  await db.query('UPDATE verification_reports SET verified_at = $2 WHERE document_id = $1', [
    documentId,
    at,
  ]);
}

/** The number the pipeline would give (the same counters, so later cases do not collide). */
async function caseNumber(
  store: ReturnType<typeof sqlCaseStore>,
  prefix: string,
  year: number,
): Promise<string> {
  const sequence = await store.nextInCounter(`case:${prefix}:${year}`);
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;
}

/** Case rows carry the transaction's time; the story needs the mail's. */
async function dateCase(
  db: Database,
  caseId: string,
  openedAt: Date,
  updatedAt: Date,
  closedWhenOpened = false,
): Promise<void> {
  await db.query(
    `UPDATE cases SET opened_at = $2::timestamptz, updated_at = $3::timestamptz,
       closed_at = CASE WHEN closed_at IS NULL THEN NULL WHEN $4::boolean THEN $2::timestamptz ELSE $3::timestamptz END
     WHERE id = $1`,
    [caseId, openedAt, updatedAt, closedWhenOpened],
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: AGENCY_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function secondsSinceAgencyMidnight(now: Date): number {
  const parts = Object.fromEntries(clock.formatToParts(now).map((p) => [p.type, p.value]));
  return Number(parts['hour']) * 3600 + Number(parts['minute']) * 60 + Number(parts['second']);
}
