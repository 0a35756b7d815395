import { beforeEach, describe, expect, it } from 'vitest';
import { runSubmission, type CaseRecord } from '../../../src/cases/index.js';
import type { SignatureVerdict, SubmittedDocument } from '../../../src/cases/submission.js';
import { contextOn, document, mail, memoryStore, type MemoryStore } from './memory-case-store.js';

/** What the agency wrote into act AA-2026-00001 and sealed; its sealed bytes hash to SEALED. */
const ISSUED = {
  actNumber: 'AA-2026-00001',
  caseNumber: 'P2-2026-00001',
  institutionName: 'Rīgas valstspilsētas pašvaldība',
  institutionRegNo: '90000000001',
  webServiceName: 'Adrešu meklēšana',
  testCatalogueId: 'TP-ADR-1',
  webServiceVersion: '2.1',
  catalogueEntry: 'VISS testa vides IS katalogs: TP-ADR-1',
  auditSummary: 'Izsaukumi: 6; kļūdas: 1 (16.7%)',
  agencyName: 'Aģentūra',
  date: '2026-03-01',
};
const SEALED = 'sealed-act-sha256';
const AGENCY = 'agency-seal-certificate';
const INSTITUTION = 'institution-signer-certificate';

const accepted = (signers: string[]): SignatureVerdict => ({
  format: 'PAdES',
  accepted: true,
  reasons: [],
  signed: true,
  broken: false,
  signerCertificates: signers,
});

/** The act as the institution sends it back; by default signed correctly after the seal. */
function returnedAct(
  overrides: {
    values?: Record<string, string | boolean>;
    signedRevisions?: string[];
    signers?: string[];
    changedAfterSigning?: string[];
  } = {},
): SubmittedDocument {
  return document({
    filename: 'akts.pdf',
    signature: accepted(overrides.signers ?? [AGENCY, INSTITUTION]),
    signedRevisions: overrides.signedRevisions ?? [SEALED, 'institution-revision-sha256'],
    form: {
      formType: 'acceptance-act',
      formVersion: 1,
      data: null,
      problems: [],
      changedAfterSigning: overrides.changedAfterSigning ?? [],
      values: overrides.values ?? { ...ISSUED, formType: 'acceptance-act', formVersion: '1' },
    },
  });
}

let store: MemoryStore;
let waiting: CaseRecord;

beforeEach(async () => {
  store = memoryStore();
  waiting = await store.openCase(
    {
      procedure: 'P2',
      state: 'awaiting-signed-act',
      number: ISSUED.caseNumber,
      institutionRegNo: ISSUED.institutionRegNo,
      language: 'lv',
      replyTo: 'iestade@institution-a.test',
      data: {
        testCatalogueId: ISSUED.testCatalogueId,
        webServiceName: ISSUED.webServiceName,
        webServiceVersion: ISSUED.webServiceVersion,
        usedInViss: true,
        deployToProduction: true,
        contactEmail: 'peteris.silis@institution-a.test',
        actNumber: ISSUED.actNumber,
        actValues: ISSUED,
      },
    },
    { kind: 'request-checked', actor: 'system' },
  );
  await store.recordAct({ caseId: waiting.id, number: ISSUED.actNumber, sha256: SEALED, size: 1 });
});

async function sendBack(act: SubmittedDocument): Promise<CaseRecord> {
  return runSubmission(contextOn(store), mail({ mailbox: 'e-address', documents: [act] }));
}

function refusalReasons(): string {
  const refusal = store.outbox.find((o) => o.kind === 'refusal');
  return ((refusal?.data['reasons'] as string[] | undefined) ?? []).join('\n');
}

describe('P2 step 3: the acceptance act coming back', () => {
  it('when the act comes back as sealed and then signed by the institution, then the service goes on to production', async () => {
    const after = await sendBack(returnedAct());
    expect(after.id).toBe(waiting.id);
    expect(after.state).toBe('awaiting-installation');
    expect(store.outbox.map((o) => o.kind)).toEqual(['production-registered']);
    expect(store.catalogue.get(`production:${ISSUED.testCatalogueId}`)?.version).toBe('2.1');
  });

  const refused: Array<[string, Parameters<typeof returnedAct>[0], RegExp]> = [
    [
      // Regression: the check accepted the sealed act as any signed revision, not the first.
      'the sealed act is only a later signed revision, after a revision the agency never made',
      { signedRevisions: ['someone-elses-revision', SEALED, 'institution-revision-sha256'] },
      /not intact/,
    ],
    [
      'the sealed act comes back as it was sent, with no signature after the seal',
      { signedRevisions: [SEALED], signers: [AGENCY] },
      /no signature of the institution/,
    ],
    [
      "the only signature after the seal is made with the agency's own certificate",
      { signers: [AGENCY, AGENCY] },
      /no signature of the institution/,
    ],
    [
      'a value of the act differs from what the agency wrote',
      {
        values: {
          ...ISSUED,
          auditSummary: 'Kļūdu nav.',
          formType: 'acceptance-act',
          formVersion: '1',
        },
      },
      /fields differ .*: auditSummary/,
    ],
    [
      'the institution added a field of its own to the act',
      {
        values: {
          ...ISSUED,
          remarks: 'Nepiekrītam',
          formType: 'acceptance-act',
          formVersion: '1',
        },
      },
      /did not write were added: remarks/,
    ],
    [
      'a field was changed after the institution signed',
      { changedAfterSigning: ['webServiceVersion'] },
      /changed after signing: webServiceVersion/,
    ],
  ];
  for (const [how, overrides, reason] of refused) {
    it(`when ${how}, then the act is refused with the reason and the case keeps waiting`, async () => {
      const after = await sendBack(returnedAct(overrides));
      expect(after.id).toBe(waiting.id);
      expect((await store.loadCase(waiting.id))?.state).toBe('awaiting-signed-act');
      expect(store.outbox.map((o) => o.kind)).toEqual(['refusal']);
      expect(refusalReasons()).toMatch(reason);
      expect(store.catalogue.size).toBe(0);
    });
  }

  it('when the case lost the values its act was issued with, then nothing is accepted (the step fails for staff)', async () => {
    const current = (await store.loadCase(waiting.id)) as CaseRecord;
    const rest = Object.fromEntries(
      Object.entries(current.data).filter(([key]) => key !== 'actValues'),
    );
    await store.note(current, { kind: 'test', actor: 'system' }, { data: rest });
    await expect(sendBack(returnedAct())).rejects.toThrow(/not the values it was issued with/);
    expect(store.outbox).toEqual([]);
  });
});
