import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { loadTrustStore } from '../../../src/adapters/trust-files.js';
import {
  createVerifyContext,
  DEFAULT_POLICY,
  verifyDocument,
} from '../../../src/signature/index.js';
import { procedureContext } from '../../../pipelines/procedure-context.js';
import { installationDoneCommand } from '../../../src/cli/commands/registry.js';
import { sendReminders } from '../../../src/cases/index.js';
import {
  createFileBlobStore,
  importAuditRecords,
  importCatalogue,
} from '../../../src/store/index.js';
import {
  accessRightsValues,
  apiManagerValues,
  INSTITUTION_A,
  INSTITUTION_B,
  productionRequestValues,
  registrationValues,
  WSDL,
} from './form-values.js';
import {
  caseOfMail,
  eventsOf,
  outboxOf,
  sendMail,
  signedForm,
  signPdf,
  startStory,
  subject,
  waitFor,
  type CaseRow,
  type Story,
} from './story-harness.js';

/**
 * The agency's two procedures and consultative support, told as stories end to end: mail
 * delivered over SMTP into Dovecot, polled, queued in Redis, verified, read, routed, handled and
 * answered (the answer recorded in the outbox), with every record in PostgreSQL.
 */
let story: Story;
const FROM_A = 'iestade@institution-a.test';
const FROM_B = 'iestade@institution-b.test';

beforeAll(async () => {
  story = await startStory('procedure-stories', {
    procedures: {
      roster: [
        { name: 'Inga Pētersone', email: 'inga.petersone@agency.test' },
        { name: 'Mārtiņš Grīnbergs', email: 'martins.grinbergs@agency.test' },
      ],
      reminderAfterHours: 24,
      audit: { minCalls: 5, maxErrorRate: 0.2, minConsumers: 2, minPeriodDays: 3 },
    },
    // The stories write to two institutions many times a day; the cap has its own test.
    respond: { dailyCapPerRecipient: 1_000 },
  });
}, 180_000);

afterAll(async () => {
  await story?.close();
});

async function register(institution = INSTITUTION_A, from = FROM_A): Promise<CaseRow> {
  const title = subject('Reģistrācija');
  await sendMail(story, {
    to: 'e-address',
    from,
    subject: title,
    attachments: [
      {
        filename: 'registracija.pdf',
        content: await signedForm(story, 'eservice-registration', registrationValues(institution)),
      },
    ],
  });
  return caseOfMail(story, title);
}

async function caseById(id: string): Promise<CaseRow> {
  const row = (
    await story.sql.query<CaseRow>(
      'SELECT id::text AS id, number, procedure, state, contact_person, data FROM cases WHERE id = $1',
      [id],
    )
  ).rows[0];
  if (!row) throw new Error(`no case ${id}`);
  return row;
}

describe('P1 — e-service registration', () => {
  it('when a signed, time-stamped registration form arrives, then the e-service is registered with a new identifier and a contact person, and the institution is told both', async () => {
    const kase = await register();
    expect(kase.procedure).toBe('P1');
    expect(kase.state).toBe('awaiting-access-request');
    const identifier = String(kase.data['eserviceId']);
    expect(identifier).toMatch(new RegExp(`^EP-${new Date().getUTCFullYear()}-\\d{5}$`));
    const registry = await story.sql.query(
      'SELECT institution_reg_no, name_lv, contact_person FROM eservices WHERE identifier = $1',
      [identifier],
    );
    expect(registry.rows).toEqual([
      {
        institution_reg_no: INSTITUTION_A.regNo,
        name_lv: 'Būvatļaujas pieteikums',
        contact_person: kase.contact_person,
      },
    ]);
    const answers = await outboxOf(story, kase.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({
      kind: 'registration-confirmed',
      recipient: FROM_A,
      data: { identifier, contactPerson: { name: kase.contact_person } },
    });
    expect(await eventsOf(story, kase.id)).toEqual(['eservice-registered']);
  });

  it('when two registrations arrive, then they get different identifiers and the contact person with fewer open cases', async () => {
    const roster = ['Inga Pētersone', 'Mārtiņš Grīnbergs'];
    // Whom the roster rule must pick: the fewest open cases, the first in roster order on a tie.
    const expectedNext = async (): Promise<string> => {
      const counts = await story.sql.query<{ contact_person: string; n: string }>(
        'SELECT contact_person, count(*)::text AS n FROM cases WHERE closed_at IS NULL GROUP BY contact_person',
      );
      const open = (name: string) =>
        Number(counts.rows.find((r) => r.contact_person === name)?.n ?? 0);
      return roster.reduce((best, name) => (open(name) < open(best) ? name : best));
    };
    const firstExpected = await expectedNext();
    const first = await register();
    expect(first.contact_person).toBe(firstExpected);
    const secondExpected = await expectedNext();
    const second = await register(INSTITUTION_B, FROM_B);
    expect(second.contact_person).toBe(secondExpected);
    expect(second.data['eserviceId']).not.toBe(first.data['eserviceId']);
  });

  const refusals: Array<[string, () => Promise<Uint8Array>, RegExp]> = [
    [
      'unsigned',
      async () =>
        signedForm(story, 'eservice-registration', registrationValues(), { signer: 'none' }),
      /not signed/,
    ],
    [
      'signed without a time-stamp',
      async () =>
        signedForm(story, 'eservice-registration', registrationValues(), { timestamp: false }),
      /time-stamp/,
    ],
    [
      'signed with a non-qualified certificate',
      async () =>
        signedForm(story, 'eservice-registration', registrationValues(), {
          signer: 'nonQualified',
        }),
      /qualified/,
    ],
    [
      'tampered with after signing',
      async () => {
        const signed = await signedForm(story, 'eservice-registration', registrationValues());
        // Change one hex digit of a UTF-16 field value (pdf-lib writes values as <FEFF…>)
        // inside the signed bytes: a forged value, still a well-formed PDF.
        const text = Buffer.from(signed).toString('latin1');
        const at = text.indexOf('<FEFF');
        if (at < 0) throw new Error('no UTF-16 string in the form');
        const tampered = Buffer.from(signed);
        const digit = at + 8;
        tampered[digit] = tampered[digit] === 0x34 ? 0x35 : 0x34;
        return new Uint8Array(tampered);
      },
      /invalid \((HASH_FAILURE|SIG_CRYPTO_FAILURE)\)/,
    ],
  ];

  for (const [how, make, reason] of refusals) {
    it(`when a registration form arrives ${how}, then nothing is registered and the institution gets a refusal naming the reason with the validation report`, async () => {
      const before = Number(
        (await story.sql.query('SELECT count(*) AS n FROM eservices')).rows[0]?.n,
      );
      const title = subject(`Reģistrācija (${how})`);
      await sendMail(story, {
        to: 'e-address',
        from: FROM_A,
        subject: title,
        attachments: [{ filename: 'registracija.pdf', content: await make() }],
      });
      const kase = await caseOfMail(story, title);
      expect(kase.state).toBe('refused');
      const answers = await outboxOf(story, kase.id);
      expect(answers.map((a) => a.kind)).toEqual(['refusal']);
      expect((answers[0]?.data['reasons'] as string[]).join('\n')).toMatch(reason);
      expect(answers[0]?.attachments).toEqual([
        expect.objectContaining({ kind: 'validation-report' }),
      ]);
      const after = Number(
        (await story.sql.query('SELECT count(*) AS n FROM eservices')).rows[0]?.n,
      );
      expect(after).toBe(before);
    });
  }
});

describe('P1 — access rights and API publication', () => {
  async function sendAccess(
    title: string,
    forms: Array<'access-rights' | 'api-manager'>,
    identifier: string,
    institution = INSTITUTION_A,
  ): Promise<void> {
    const attachments = [];
    for (const form of forms)
      attachments.push({
        filename: `${form}.pdf`,
        content: await signedForm(
          story,
          form,
          form === 'access-rights'
            ? accessRightsValues(identifier, institution)
            : apiManagerValues(identifier, institution),
        ),
      });
    await sendMail(story, { to: 'e-address', from: FROM_A, subject: title, attachments });
  }

  async function expectGranted(kase: CaseRow, identifier: string): Promise<void> {
    expect(kase.state).toBe('access-granted');
    const grants = await story.sql.query(
      'SELECT email, role, environment, valid_until::text AS until FROM access_grants WHERE eservice_identifier = $1 ORDER BY email',
      [identifier],
    );
    expect(grants.rows).toEqual([
      {
        email: 'anna.liepina@institution-a.test',
        role: 'tester',
        environment: 'test',
        until: '2027-06-30',
      },
      {
        email: 'janis.kalnins@izstrade.test',
        role: 'developer',
        environment: 'test',
        until: '2027-12-31',
      },
    ]);
    const api = await story.sql.query(
      'SELECT api_name, api_version FROM api_publications WHERE eservice_identifier = $1',
      [identifier],
    );
    expect(api.rows).toEqual([{ api_name: 'buvatlaujas-api', api_version: '1.0' }]);
    const granted = (await outboxOf(story, kase.id)).filter((a) => a.kind === 'access-granted');
    expect(granted).toHaveLength(1);
    expect(granted[0]?.data['grants']).toHaveLength(2);
  }

  it('when both forms arrive in one mail, then the rights are granted and the institution gets the list of grants and the API record', async () => {
    const registered = await register();
    const identifier = String(registered.data['eserviceId']);
    const title = subject('Piekļuves tiesības');
    await sendAccess(title, ['access-rights', 'api-manager'], identifier);
    await expectGranted(await caseOfMail(story, title), identifier);
  });

  it('when the forms arrive again after access was granted, then they are refused and the ended case is not reopened', async () => {
    const registered = await register();
    const identifier = String(registered.data['eserviceId']);
    const title = subject('Piekļuves tiesības');
    await sendAccess(title, ['access-rights', 'api-manager'], identifier);
    await expectGranted(await caseOfMail(story, title), identifier);

    const again = subject('Piekļuves tiesības atkārtoti');
    await sendAccess(again, ['access-rights', 'api-manager'], identifier);
    const kase = await caseOfMail(story, again);
    expect(kase.id).toBe(registered.id);
    expect(kase.state).toBe('access-granted');
    const answers = await outboxOf(story, kase.id);
    expect(answers.filter((a) => a.kind === 'access-granted')).toHaveLength(1);
    const refusal = answers.find((a) => a.kind === 'refusal');
    expect((refusal?.data['reasons'] as string[]).join()).toMatch(/already granted/);
    expect((await eventsOf(story, kase.id)).at(-1)).toBe('submission-refused');
  });

  for (const order of [
    ['access-rights', 'api-manager'],
    ['api-manager', 'access-rights'],
  ] as const) {
    it(`when the forms arrive in two mails (${order.join(' first, then ')}), then the first waits showing what is missing and the second completes the grant`, async () => {
      const registered = await register();
      const identifier = String(registered.data['eserviceId']);
      const first = subject('Pirmā veidlapa');
      await sendAccess(first, [order[0]], identifier);
      const waiting = await caseOfMail(story, first);
      expect(waiting.id).toBe(registered.id);
      expect(waiting.state).toBe('awaiting-second-form');
      expect(waiting.data['missing']).toEqual([order[1]]);
      const told = (await outboxOf(story, waiting.id)).filter(
        (a) => a.kind === 'waiting-for-second-form',
      );
      expect(told[0]?.data['missing']).toEqual([order[1]]);

      const second = subject('Otrā veidlapa');
      await sendAccess(second, [order[1]], identifier);
      await expectGranted(await caseOfMail(story, second), identifier);
    });
  }

  it('when only one form came and the configured time passes, then one reminder naming the missing form is queued', async () => {
    const registered = await register();
    const identifier = String(registered.data['eserviceId']);
    const title = subject('Tikai viena veidlapa');
    await sendAccess(title, ['access-rights'], identifier);
    await caseOfMail(story, title);
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000);
    const sweep = () =>
      story.running.db.transaction((tx) =>
        sendReminders(procedureContext(story.config, tx, later)),
      );
    expect(await sweep()).toBeGreaterThanOrEqual(1);
    await sweep();
    const reminders = (await outboxOf(story, registered.id)).filter((a) => a.kind === 'reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.data['missing']).toEqual(['api-manager']);
  });

  it("when a stranger sends access forms with another institution's identifier and registration number, then they are refused and that e-service's case is untouched", async () => {
    const registered = await register();
    const identifier = String(registered.data['eserviceId']);
    const title = subject('Svešs pieprasījums');
    const attachments = [];
    for (const form of ['access-rights', 'api-manager'] as const)
      attachments.push({
        filename: `${form}.pdf`,
        content: await signedForm(
          story,
          form,
          form === 'access-rights'
            ? accessRightsValues(identifier, INSTITUTION_A)
            : apiManagerValues(identifier, INSTITUTION_A),
        ),
      });
    await sendMail(story, { to: 'e-address', from: FROM_B, subject: title, attachments });
    const kase = await caseOfMail(story, title);
    expect(kase.id).not.toBe(registered.id);
    expect(kase.state).toBe('refused');
    const refusal = (await outboxOf(story, kase.id))[0];
    expect(refusal?.recipient).toBe(FROM_B);
    expect((refusal?.data['reasons'] as string[]).join()).toMatch(/address registered for it/);
    expect((await caseById(registered.id)).state).toBe('awaiting-access-request');
    const grants = await story.sql.query(
      'SELECT 1 FROM access_grants WHERE eservice_identifier = $1',
      [identifier],
    );
    expect(grants.rowCount).toBe(0);
  });

  it('when the forms name an identifier that was never issued, then they are refused', async () => {
    const title = subject('Nezināms identifikators');
    await sendAccess(title, ['access-rights', 'api-manager'], 'EP-2020-99999');
    const kase = await caseOfMail(story, title);
    expect(kase.state).toBe('refused');
    const refusal = (await outboxOf(story, kase.id))[0];
    expect((refusal?.data['reasons'] as string[]).join()).toMatch(
      /EP-2020-99999 is not registered/,
    );
  });

  it("when the forms name another institution's identifier, then they are refused and the other institution's case is untouched", async () => {
    const theirs = await register(INSTITUTION_B, FROM_B);
    const identifier = String(theirs.data['eserviceId']);
    const title = subject('Svešs identifikators');
    await sendAccess(title, ['access-rights', 'api-manager'], identifier, INSTITUTION_A);
    const kase = await caseOfMail(story, title);
    expect(kase.id).not.toBe(theirs.id);
    expect(kase.state).toBe('refused');
    expect((await caseById(theirs.id)).state).toBe('awaiting-access-request');
    const grants = await story.sql.query(
      'SELECT 1 FROM access_grants WHERE eservice_identifier = $1',
      [identifier],
    );
    expect(grants.rowCount).toBe(0);
  });
});

describe('P2 — a web service into production', () => {
  let catalogueSeq = 0;
  async function catalogued(auditCalls: number): Promise<string> {
    catalogueSeq += 1;
    const id = `TP-ADR-${catalogueSeq}-${Date.now() % 100000}`;
    await importCatalogue(story.running.db, 'test', [
      {
        identifier: id,
        name: 'Adrešu meklēšana',
        version: '2.1',
        institutionRegNo: INSTITUTION_A.regNo,
        details: {},
      },
    ]);
    const start = Date.UTC(2026, 9, 1);
    await importAuditRecords(
      story.running.db,
      `export-${id}`,
      Array.from({ length: auditCalls }, (_, i) => ({
        serviceIdentifier: id,
        at: new Date(start + i * 24 * 60 * 60 * 1000),
        consumer: i % 2 ? 'VID' : 'LVRTC',
        operation: 'mekletAdresi',
        ok: i !== 0,
      })),
    );
    return id;
  }

  async function request(id: string, overrides = {}, description = true): Promise<CaseRow> {
    const title = subject('Pakalpes publicēšana');
    await sendMail(story, {
      to: 'support',
      from: FROM_A,
      subject: title,
      attachments: [
        {
          filename: 'pieprasijums.pdf',
          content: await signedForm(
            story,
            'production-request',
            productionRequestValues(id, overrides),
            { signer: 'none' },
          ),
        },
        ...(description ? [{ filename: 'adreses.wsdl', content: WSDL }] : []),
      ],
    });
    return caseOfMail(story, title);
  }

  async function issuedAct(kase: CaseRow): Promise<Uint8Array> {
    const answer = await waitFor('the acceptance act', async () =>
      (await outboxOf(story, kase.id)).find((a) => a.kind === 'acceptance-act'),
    );
    const sha256 = answer.attachments[0]?.sha256;
    if (!sha256) throw new Error('the act is not attached');
    return createFileBlobStore(join(story.config.dataDir, 'blobs')).get(sha256);
  }

  async function returnAct(act: Uint8Array): Promise<CaseRow> {
    const title = subject('Parakstīts akts');
    await sendMail(story, {
      to: 'e-address',
      from: FROM_A,
      subject: title,
      attachments: [{ filename: 'akts.pdf', content: act }],
    });
    return caseOfMail(story, title);
  }

  it('when a conforming request for a service used inside VISS arrives, then audit records go into a sealed act; the act signed back moves the service to production and installation', async () => {
    const id = await catalogued(6);
    const kase = await request(id);
    expect(kase.procedure).toBe('P2');
    expect(kase.state).toBe('awaiting-signed-act');
    expect(kase.data['audit']).toMatchObject({ calls: 6, errors: 1, consumers: 2 });

    const act = await issuedAct(kase);
    const signed = await signPdf(story, act, { fieldName: 'institutionSignature' });
    const after = await returnAct(signed);
    expect(after.id).toBe(kase.id);
    expect(after.state).toBe('awaiting-installation');
    const production = await story.sql.query(
      "SELECT name, version FROM is_catalogue WHERE environment = 'production' AND identifier = $1",
      [id],
    );
    expect(production.rows).toEqual([{ name: 'Adrešu meklēšana', version: '2.1' }]);

    expect(await installationDoneCommand(story.config, after.number, 'operators')).toMatch(
      /in-production/,
    );
    const answers = (await outboxOf(story, kase.id)).map((a) => a.kind);
    expect(answers).toEqual(['acceptance-act', 'production-registered', 'installation-done']);
    expect(await eventsOf(story, kase.id)).toEqual([
      'request-checked',
      'acceptance-act-issued',
      'acceptance-act-signed',
      'registered-in-production-catalogue',
      'installation-done',
    ]);
  });

  it('when the act is changed before the institution signs it, then it is refused and the case keeps waiting', async () => {
    const id = await catalogued(6);
    const kase = await request(id);
    const act = await issuedAct(kase);
    const doc = await PDFDocument.load(act);
    doc.getForm().getTextField('auditSummary').setText('Kļūdu nav.');
    const rewritten = await signPdf(
      story,
      await doc.save({ useObjectStreams: false, updateFieldAppearances: false }),
      {
        fieldName: 'institutionSignature',
      },
    );
    const after = await returnAct(rewritten);
    expect(after.id).toBe(kase.id);
    expect(after.state).toBe('awaiting-signed-act');
    const refusal = (await outboxOf(story, kase.id)).find((a) => a.kind === 'refusal');
    expect((refusal?.data['reasons'] as string[]).join('\n')).toMatch(/not intact/);
  });

  it("when the act comes back with only the agency's seal, then it is refused and the case keeps waiting", async () => {
    const id = await catalogued(6);
    const kase = await request(id);
    const after = await returnAct(await issuedAct(kase));
    expect(after.id).toBe(kase.id);
    expect(after.state).toBe('awaiting-signed-act');
    const refusal = (await outboxOf(story, kase.id)).find((a) => a.kind === 'refusal');
    expect((refusal?.data['reasons'] as string[]).join('\n')).toMatch(
      /no signature of the institution/,
    );
    const production = await story.sql.query(
      "SELECT 1 FROM is_catalogue WHERE environment = 'production' AND identifier = $1",
      [id],
    );
    expect(production.rowCount).toBe(0);
  });

  it('when a second request for the service arrives while its act is awaited, then it is refused on that case and no second act is issued', async () => {
    const id = await catalogued(6);
    const kase = await request(id);
    await issuedAct(kase);
    const again = await request(id);
    expect(again.id).toBe(kase.id);
    expect(again.state).toBe('awaiting-signed-act');
    const answers = (await outboxOf(story, kase.id)).map((a) => a.kind);
    expect(answers).toEqual(['acceptance-act', 'refusal']);
    const acts = await story.sql.query('SELECT 1 FROM acceptance_acts WHERE case_id = $1', [
      kase.id,
    ]);
    expect(acts.rowCount).toBe(1);
  });

  it('when a request does not match the catalogue, then the contact person gets each problem and the corrected request continues the same case', async () => {
    const id = await catalogued(0);
    const wrong = await request(
      id,
      { webServiceVersion: '2.0', usedInViss: 'no', vissUse: '' },
      false,
    );
    expect(wrong.state).toBe('awaiting-correction');
    const notice = (await outboxOf(story, wrong.id)).find((a) => a.kind === 'nonconformity');
    expect(notice?.recipient).toBe('peteris.silis@institution-a.test');
    const problems = notice?.data['problems'] as string[];
    expect(problems.join('\n')).toMatch(/version 2\.0 differs/);
    expect(problems.join('\n')).toMatch(/operation description/);

    const corrected = await request(id, {
      usedInViss: 'no',
      vissUse: '',
      deployToProduction: 'no',
    });
    expect(corrected.id).toBe(wrong.id);
    expect(corrected.state).toBe('in-production');
  });

  it('when a service used inside VISS has too few audit records, then that is a nonconformity', async () => {
    const id = await catalogued(2);
    const kase = await request(id);
    expect(kase.state).toBe('awaiting-correction');
    const notice = (await outboxOf(story, kase.id)).find((a) => a.kind === 'nonconformity');
    expect((notice?.data['problems'] as string[]).join('\n')).toMatch(/2 calls; at least 5/);
  });

  it('when the service is not used inside VISS, then a passing check goes straight to the production catalogue', async () => {
    const id = await catalogued(0);
    const kase = await request(id, { usedInViss: 'no', vissUse: '', deployToProduction: 'no' });
    expect(kase.state).toBe('in-production');
    expect((await outboxOf(story, kase.id)).map((a) => a.kind)).toEqual(['production-registered']);
  });
});

describe('consultative support', () => {
  it('when a question arrives, then a ticket is opened and acknowledged; replies by thread or by number join the same ticket without a second acknowledgement', async () => {
    const title = subject('Jautājums par VISS');
    await sendMail(story, { to: 'support', from: FROM_A, subject: title, text: 'Kā pieslēgties?' });
    const ticket = await caseOfMail(story, title);
    expect(ticket.procedure).toBe('support');
    expect(ticket.number).toMatch(/^ATB-\d{4}-\d{5}$/);
    const ack = await outboxOf(story, ticket.id);
    expect(ack.map((a) => a.kind)).toEqual(['ticket-acknowledgement']);

    const byThread = subject('Re: jautājums');
    await sendMail(story, {
      to: 'support',
      from: FROM_A,
      subject: byThread,
      inReplyTo: `<${ack[0]?.outgoing_message_id ?? ''}>`,
      references: `<${ack[0]?.outgoing_message_id ?? ''}>`,
    });
    expect((await caseOfMail(story, byThread)).id).toBe(ticket.id);

    const byNumber = subject(`Papildinājums ${ticket.number}`);
    await sendMail(story, { to: 'support', from: FROM_A, subject: byNumber });
    expect((await caseOfMail(story, byNumber)).id).toBe(ticket.id);

    // A follow-up on the institution's own first mail, by the Message-ID intake recorded.
    const first = await story.sql.query<{ message_id: string }>(
      'SELECT message_id FROM messages WHERE subject = $1',
      [title],
    );
    const byOwnMail = subject('Vēl viens jautājums');
    await sendMail(story, {
      to: 'support',
      from: FROM_A,
      subject: byOwnMail,
      references: first.rows[0]?.message_id ?? '',
    });
    expect((await caseOfMail(story, byOwnMail)).id).toBe(ticket.id);

    expect((await outboxOf(story, ticket.id)).map((a) => a.kind)).toEqual([
      'ticket-acknowledgement',
    ]);
    expect(await eventsOf(story, ticket.id)).toEqual([
      'ticket-opened',
      'correspondence-received',
      'correspondence-received',
      'correspondence-received',
    ]);
  });

  it("when another institution quotes a case number or replies to the agency's answer on it, then its mail opens its own ticket and the case is untouched", async () => {
    const registered = await register();
    const answer = (await outboxOf(story, registered.id))[0];
    const byNumber = subject(`Par lietu ${registered.number}`);
    await sendMail(story, { to: 'support', from: FROM_B, subject: byNumber });
    const theirs = await caseOfMail(story, byNumber);
    expect(theirs.id).not.toBe(registered.id);
    expect(theirs.procedure).toBe('support');
    expect(theirs.data['referredToCases']).toEqual([registered.number]);

    const byThread = subject('Re: reģistrācija');
    await sendMail(story, {
      to: 'support',
      from: FROM_B,
      subject: byThread,
      inReplyTo: `<${answer?.outgoing_message_id ?? ''}>`,
    });
    expect((await caseOfMail(story, byThread)).id).not.toBe(registered.id);

    expect(await eventsOf(story, registered.id)).toEqual(['eservice-registered']);
    const linked = await story.sql.query('SELECT 1 FROM case_messages WHERE case_id = $1', [
      registered.id,
    ]);
    expect(linked.rowCount).toBe(1);
  });
});

describe('the answers of all the stories above', () => {
  it('every answer reaches its institution exactly once, as a sealed, time-stamped letter our verifier accepts, threaded to the mail it answers', async () => {
    const deadline = Date.now() + 60_000;
    let rows: Array<{
      kind: string;
      recipient: string;
      status: string;
      outgoing_message_id: string;
      in_reply_to: string | null;
    }> = [];
    for (;;) {
      rows = (
        await story.sql.query<(typeof rows)[number]>(
          `SELECT o.kind, o.recipient, o.status, o.outgoing_message_id, m.message_id AS in_reply_to
           FROM outbox o LEFT JOIN messages m ON m.id = o.trigger_message_id ORDER BY o.id`,
        )
      ).rows;
      if (!rows.some((r) => r.status === 'pending' || r.status === 'sending')) break;
      if (Date.now() > deadline) throw new Error('answers still pending after 60 s');
      await new Promise((r) => setTimeout(r, 500));
    }
    const toInstitutions = rows.filter((r) => /^iestade@institution-[ab]\.test$/.test(r.recipient));
    // Answers to made-up contact addresses are refused by the relay (5xx) and marked failed.
    expect(
      rows.filter((r) => !toInstitutions.includes(r)).every((r) => r.status === 'failed'),
    ).toBe(true);
    expect(toInstitutions.every((r) => r.status === 'sent')).toBe(true);
    const kinds = new Set(toInstitutions.map((r) => r.kind));
    for (const kind of [
      'registration-confirmed',
      'refusal',
      'waiting-for-second-form',
      'access-granted',
      'ticket-acknowledgement',
    ])
      expect(kinds).toContain(kind);
    const checkedKinds = new Set<string>();
    for (const answer of toInstitutions) {
      const letters = await lettersIn(answer.recipient, answer.outgoing_message_id);
      expect(letters, `${answer.kind} to ${answer.recipient}`).toHaveLength(1);
      if (checkedKinds.has(answer.kind)) continue;
      checkedKinds.add(answer.kind);
      const mail = await simpleParser(letters[0] as Buffer);
      if (answer.in_reply_to) expect(mail.inReplyTo).toBe(answer.in_reply_to);
      const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
      if (!pdf) throw new Error(`${answer.kind}: no letter attached`);
      const report = await verifyLetter(new Uint8Array(pdf.content));
      expect(report.accepted, `${answer.kind}: ${report.reasons.join('; ')}`).toBe(true);
      expect(report.signatures[0]?.level).toBe('B-T');
    }
  });
});

async function lettersIn(address: string, messageId: string): Promise<Buffer[]> {
  const account = inject('services').dovecot?.accounts.find((a) => a.address === address);
  if (!account) throw new Error(`no account ${address}`);
  const client = new ImapFlow({
    host: inject('services').dovecot?.host ?? '',
    port: inject('services').dovecot?.imapPort ?? 0,
    secure: false,
    auth: { user: account.address, pass: account.password },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length === 0) return [];
      const found = await client.fetchAll(uids, { source: true }, { uid: true });
      return found.map((m) => m.source).filter((b): b is Buffer => b !== undefined);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function verifyLetter(pdf: Uint8Array) {
  return verifyDocument(
    'letter.pdf',
    pdf,
    createVerifyContext({
      trust: loadTrustStore(story.config.trust.anchors, [], []),
      offline: false,
      fetcher: createHttpFetcher(),
    }),
    DEFAULT_POLICY,
  );
}
