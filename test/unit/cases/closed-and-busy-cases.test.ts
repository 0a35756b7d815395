import { describe, expect, it } from 'vitest';
import { runSubmission, type CaseRecord } from '../../../src/cases/index.js';
import type { FormType } from '../../../src/forms/index.js';
import type { SubmittedDocument } from '../../../src/cases/submission.js';
import { contextOn, document, mail, memoryStore, type MemoryStore } from './memory-case-store.js';

const REG_NO = '90000000001';
const IDENTIFIER = 'EP-2026-00001';

function signedForm(formType: FormType, data: Record<string, unknown>): SubmittedDocument {
  return document({
    filename: `${formType}.pdf`,
    signature: {
      format: 'PAdES',
      accepted: true,
      reasons: [],
      signed: true,
      broken: false,
      signerCertificates: ['institution'],
    },
    form: { formType, formVersion: 1, data, problems: [], changedAfterSigning: [], values: {} },
  });
}

const accessForms = () => [
  signedForm('access-rights', {
    eserviceId: IDENTIFIER,
    institutionRegNo: REG_NO,
    environment: 'test',
    people: [
      {
        name: 'Jānis',
        surname: 'Kalniņš',
        email: 'janis@izstrade.test',
        organisation: 'SIA Izstrāde',
        role: 'developer',
        validUntil: '2027-12-31',
      },
    ],
  }),
  signedForm('api-manager', {
    eserviceId: IDENTIFIER,
    institutionRegNo: REG_NO,
    apiName: 'api',
    apiVersion: '1.0',
  }),
];

async function registered(store: MemoryStore, state: CaseRecord['state']): Promise<CaseRecord> {
  const kase = await store.openCase(
    {
      procedure: 'P1',
      state,
      number: 'P1-2026-00001',
      institutionRegNo: REG_NO,
      language: 'lv',
      replyTo: 'iestade@institution-a.test',
      data: { eserviceId: IDENTIFIER },
    },
    { kind: 'eservice-registered', actor: 'system' },
  );
  await store.registerEService({
    identifier: IDENTIFIER,
    caseId: kase.id,
    institutionRegNo: REG_NO,
    institutionName: 'Iestāde',
    nameLv: 'Pakalpojums',
    nameEn: null,
    contactPerson: 'Inga Pētersone',
    details: {},
  });
  return kase;
}

describe('P1 step 4 from a stranger', () => {
  it('when the access forms come from an address the e-service never corresponded with, then they are refused on a case of their own and nothing is granted', async () => {
    const store = memoryStore();
    const waiting = await registered(store, 'awaiting-access-request');
    const after = await runSubmission(
      contextOn(store),
      mail({ mailbox: 'e-address', from: 'someone@institution-b.test', documents: accessForms() }),
    );
    expect(after.id).not.toBe(waiting.id);
    expect(after.state).toBe('refused');
    expect(store.grants).toEqual([]);
    expect((await store.loadCase(waiting.id))?.state).toBe('awaiting-access-request');
  });

  it("when they come from the registration's technical contact, then they are accepted", async () => {
    const store = memoryStore();
    const waiting = await registered(store, 'awaiting-access-request');
    const eservice = [...store.eservices.values()][0];
    if (eservice) eservice.details = { technical: { email: 'liga@institution-a.test' } };
    const after = await runSubmission(
      contextOn(store),
      mail({ mailbox: 'e-address', from: 'Liga@Institution-A.test', documents: accessForms() }),
    );
    expect(after.id).toBe(waiting.id);
    expect(after.state).toBe('access-granted');
  });
});

describe('P1 step 4 on a case that has ended', () => {
  // Regression: the access forms moved an access-granted (closed) case back to waiting.
  it('when access forms arrive for an e-service whose access was already granted, then they are refused and the case stays closed', async () => {
    const store = memoryStore();
    const granted = await registered(store, 'access-granted');
    const after = await runSubmission(
      contextOn(store),
      mail({ mailbox: 'e-address', documents: accessForms() }),
    );
    expect(after.id).toBe(granted.id);
    expect((await store.loadCase(granted.id))?.state).toBe('access-granted');
    expect(store.grants).toEqual([]);
    expect(store.outbox.map((o) => o.kind)).toEqual(['refusal']);
    expect(String(store.outbox[0]?.data['reasons'])).toMatch(
      /already granted \(case P1-2026-00001\)/,
    );
  });

  it('when both access forms arrive for a case waiting for them, then access is granted', async () => {
    const store = memoryStore();
    const waiting = await registered(store, 'awaiting-access-request');
    const after = await runSubmission(
      contextOn(store),
      mail({ mailbox: 'e-address', from: 'iestade@institution-a.test', documents: accessForms() }),
    );
    expect(after.id).toBe(waiting.id);
    expect(after.state).toBe('access-granted');
    expect(store.grants.map((g) => g.email)).toEqual(['janis@izstrade.test']);
  });
});

describe('P2 step 1 while a case for the same web service is under way', () => {
  const request = () =>
    mail({
      from: 'iestade@institution-a.test',
      documents: [
        document({
          filename: 'pieprasijums.pdf',
          form: {
            formType: 'production-request',
            formVersion: 1,
            data: {
              institutionName: 'Iestāde',
              institutionRegNo: REG_NO,
              webServiceName: 'Adrešu meklēšana',
              testCatalogueId: 'TP-ADR-1',
              webServiceVersion: '2.1',
              usedInViss: true,
              deployToProduction: true,
              contact: { name: 'Pēteris', email: 'peteris@institution-a.test' },
            },
            problems: [],
            changedAfterSigning: [],
            values: {},
          },
        }),
        document({ filename: 'adreses.wsdl', description: { kind: 'wsdl', problem: null } }),
      ],
    });

  it('when a second request arrives while the first waits for its signed act, then it is refused on that case and no second case or act is made', async () => {
    const store = memoryStore();
    store.catalogue.set('test:TP-ADR-1', {
      identifier: 'TP-ADR-1',
      name: 'Adrešu meklēšana',
      version: '2.1',
      institutionRegNo: REG_NO,
      details: {},
    });
    const first = await runSubmission(contextOn(store), request());
    expect(first.state).toBe('awaiting-signed-act');
    const second = await runSubmission(contextOn(store), request());
    expect(second.id).toBe(first.id);
    expect(store.cases.size).toBe(1);
    expect((await store.loadCase(first.id))?.state).toBe('awaiting-signed-act');
    const refusal = store.outbox.find((o) => o.kind === 'refusal');
    expect(String(refusal?.data['reasons'])).toMatch(/already being published in case P2-/);
  });
});
