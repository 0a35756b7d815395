/**
 * The demo's submissions: one of each kind an institution sends, through the real mail path,
 * each followed until its case settles. Prints one line per case with its final state.
 */
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { procedureContext } from '../pipelines/procedure-context.js';
import type { RunningService } from '../src/cli/commands/serve.js';
import { completeInstallation } from '../src/cases/index.js';
import type { Config } from '../src/config/index.js';
import { fillForm, type FormType, type FormValues } from '../src/forms/index.js';
import { createFileBlobStore, importAuditRecords, importCatalogue } from '../src/store/index.js';
import { makeSignedPdf } from './pki/index.js';
import type { TestPki } from './pki/test-pki-types.js';

export interface DemoParties {
  config: Readonly<Config>;
  running: RunningService;
  pki: TestPki;
  tsaUrl: string;
  smtp: { host: string; port: number };
  institution: string;
  eAddress: string;
  support: string;
}

const REG_NO = '90000000001';
const INSTITUTION = 'Rīgas valstspilsētas pašvaldība';
const CATALOGUE_ID = 'TP-DEMO-ADRESES';
/** A settled case within this time, or the demo says which one did not. */
const SETTLE_MS = 60_000;

interface Settled {
  number: string;
  procedure: string;
  state: string;
  data: Record<string, unknown>;
  id: string;
}

export async function runDemoSubmissions(
  parties: DemoParties,
  say: (line: string) => void,
): Promise<void> {
  const { running, config } = parties;
  const transport = nodemailer.createTransport({ ...parties.smtp, secure: false, ignoreTLS: true });
  const send = async (
    to: string,
    subject: string,
    attachments: Array<{ filename: string; content: Uint8Array | string }>,
    headers: Record<string, string> = {},
  ): Promise<void> => {
    await transport.sendMail({
      from: parties.institution,
      to,
      subject,
      text: 'Labdien! Pielikumā dokumenti.',
      headers,
      attachments: attachments.map((a) => ({
        filename: a.filename,
        content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
      })),
    });
  };
  const signed = async (type: FormType, values: FormValues, sign = true): Promise<Uint8Array> => {
    const pdf = await fillForm(type, values);
    if (!sign) return pdf;
    return makeSignedPdf({
      pdf,
      signer: parties.pki.signers.valid,
      chain: parties.pki.signers.valid.chainPem,
      timestamp: { tsaUrl: parties.tsaUrl },
    });
  };
  const settled = async (subject: string, until: (c: Settled) => boolean): Promise<Settled> => {
    const deadline = Date.now() + SETTLE_MS;
    for (;;) {
      const row = (
        await running.db.query<Settled>(
          `SELECT c.id::text AS id, c.number, c.procedure, c.state, c.data FROM messages m
           JOIN case_messages cm ON cm.message_id = m.id JOIN cases c ON c.id = cm.case_id
           WHERE m.subject = $1 AND m.status = 'processed'`,
          [subject],
        )
      ).rows[0];
      if (row && until(row)) return row;
      if (Date.now() > deadline) throw new Error(`"${subject}" did not settle within 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const stamp = new Date().toISOString().slice(11, 19);
  const show = (what: string, c: Settled, extra = ''): void =>
    say(`  ${c.number.padEnd(15)} ${what.padEnd(34)} → ${c.state}${extra ? `  (${extra})` : ''}`);

  // The agency's tables the P2 check reads: the test catalogue and its audit-record export.
  await importCatalogue(running.db, 'test', [
    {
      identifier: CATALOGUE_ID,
      name: 'Adrešu meklēšana',
      version: '2.1',
      institutionRegNo: REG_NO,
      details: {},
    },
  ]);
  const day = 24 * 60 * 60 * 1000;
  const since = Date.now() - 30 * day;
  await importAuditRecords(
    running.db,
    'demo-export',
    Array.from({ length: 240 }, (_, i) => ({
      serviceIdentifier: CATALOGUE_ID,
      at: new Date(since + i * 3 * 60 * 60 * 1000),
      consumer: ['VID', 'LVRTC', 'PMLP'][i % 3] ?? 'VID',
      operation: 'mekletAdresi',
      ok: i % 50 !== 0,
    })),
  );

  say('  submissions (each case as it settles):');
  const registration = {
    institutionName: INSTITUTION,
    institutionRegNo: REG_NO,
    institutionEAddress: `_DEFAULT@${REG_NO}`,
    eserviceNameLv: 'Būvatļaujas pieteikums',
    description: 'Iedzīvotāji piesakās būvatļaujai tiešsaistē.',
    legalBasis: 'Būvniecības likums, 12. pants',
    audience: 'both',
    portalPlacement: 'yes',
    plannedLaunchDate: `${new Date().getUTCFullYear() + 1}-06-01`,
    'vissComponents.authentication': true,
    responsibleName: 'Ģirts Bērziņš',
    responsiblePosition: 'Nodaļas vadītājs',
    responsibleEmail: 'girts.berzins@institution-a.test',
    responsiblePhone: '+37167000001',
    technicalName: 'Līga Ozoliņa',
    technicalPosition: 'Sistēmu arhitekte',
    technicalEmail: 'liga.ozolina@institution-a.test',
    technicalPhone: '+37167000002',
  };
  const p1 = `Reģistrācija ${stamp}`;
  await send(parties.eAddress, p1, [
    { filename: 'registracija.pdf', content: await signed('eservice-registration', registration) },
  ]);
  const registered = await settled(p1, () => true);
  const identifier = String(registered.data['eserviceId']);
  show('P1 registration form', registered, `identifier ${identifier}`);

  const access = `Piekļuve ${stamp}`;
  await send(parties.eAddress, access, [
    {
      filename: 'piekluve.pdf',
      content: await signed('access-rights', {
        eserviceId: identifier,
        institutionRegNo: REG_NO,
        'person1.name': 'Jānis',
        'person1.surname': 'Kalniņš',
        'person1.email': 'janis.kalnins@izstrade.test',
        'person1.organisation': 'SIA Izstrāde',
        'person1.role': 'developer',
        'person1.validUntil': `${new Date().getUTCFullYear() + 1}-12-31`,
      }),
    },
    {
      filename: 'api.pdf',
      content: await signed('api-manager', {
        eserviceId: identifier,
        institutionRegNo: REG_NO,
        apiName: 'buvatlaujas-api',
        apiVersion: '1.0',
        apiDescription: 'Pieteikumu iesniegšana.',
        specificationRef: 'buvatlaujas-openapi.yaml',
        environment: 'test',
        publisherName: 'Līga Ozoliņa',
        publisherEmail: 'liga.ozolina@institution-a.test',
        publisherPhone: '+37167000002',
      }),
    },
  ]);
  show('P1 access rights + API Manager', await settled(access, () => true));

  const unsigned = `Reģistrācija bez paraksta ${stamp}`;
  await send(parties.eAddress, unsigned, [
    {
      filename: 'registracija.pdf',
      content: await signed('eservice-registration', registration, false),
    },
  ]);
  show('P1 registration, unsigned', await settled(unsigned, () => true), 'refusal queued');

  const p2 = `Pakalpes publicēšana ${stamp}`;
  await send(parties.support, p2, [
    {
      filename: 'pieprasijums.pdf',
      content: await signed('production-request', {
        institutionName: INSTITUTION,
        institutionRegNo: REG_NO,
        webServiceName: 'Adrešu meklēšana',
        testCatalogueId: CATALOGUE_ID,
        webServiceVersion: '2.1',
        usedInViss: 'yes',
        vissUse: 'dataExchange',
        deployToProduction: 'yes',
        contactName: 'Pēteris Sīlis',
        contactEmail: parties.institution,
        contactPhone: '+37167000003',
      }),
    },
    {
      filename: 'adreses.wsdl',
      content: '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="AdresuMeklesana"/>',
    },
  ]);
  const checked = await settled(p2, () => true);
  show('P2 production request (VISS)', checked, 'audit records analysed');
  const act = await waitForAct(parties, checked.id);
  const countersigned = await makeSignedPdf({
    pdf: act,
    signer: parties.pki.signers.valid,
    chain: parties.pki.signers.valid.chainPem,
    timestamp: { tsaUrl: parties.tsaUrl },
    fieldName: 'institutionSignature',
  });
  const back = `Parakstīts akts ${stamp}`;
  await send(parties.eAddress, back, [{ filename: 'akts.pdf', content: countersigned }]);
  const installed = await settled(back, (c) => c.state === 'awaiting-installation');
  show('P2 acceptance act signed back', installed, 'sealed by the agency, countersigned');
  const done = await running.db.transaction((tx) =>
    completeInstallation(procedureContext(config, tx, new Date()), installed.number, 'staff:demo'),
  );
  say(`  ${done.number.padEnd(15)} ${'staff: installation done'.padEnd(34)} → ${done.state}`);

  const question = `Jautājums par VISS ${stamp}`;
  await send(parties.support, question, []);
  show('support question', await settled(question, () => true), 'ticket acknowledged');
  transport.close();

  // Every answer sealed and sent: wait until the outbox has settled, then count the letters in
  // the institution's own mailbox, as the institution would see them.
  const deadline = Date.now() + 2 * SETTLE_MS;
  const outboxStatuses = async (): Promise<Array<{ status: string; n: string }>> =>
    (
      await running.db.query<{ status: string; n: string }>(
        'SELECT status, count(*)::text AS n FROM outbox GROUP BY status ORDER BY status',
      )
    ).rows;
  let statuses = await outboxStatuses();
  while (
    statuses.some((r) => r.status === 'pending' || r.status === 'sending') &&
    Date.now() < deadline
  ) {
    await new Promise((r) => setTimeout(r, 250));
    statuses = await outboxStatuses();
  }
  say(`  answers    ${statuses.map((r) => `${r.status} ×${r.n}`).join(', ')}`);
}

async function waitForAct(parties: DemoParties, caseId: string): Promise<Uint8Array> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const row = (
      await parties.running.db.query<{ attachments: Array<{ sha256?: string }> }>(
        "SELECT attachments FROM outbox WHERE case_id = $1 AND kind = 'acceptance-act'",
        [caseId],
      )
    ).rows[0];
    const sha256 = row?.attachments[0]?.sha256;
    if (sha256) return createFileBlobStore(join(parties.config.dataDir, 'blobs')).get(sha256);
    if (Date.now() > deadline) throw new Error('the acceptance act was not issued within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}
