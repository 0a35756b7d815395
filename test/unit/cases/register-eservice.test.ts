import { describe, expect, it } from 'vitest';
import { runSubmission } from '../../../src/cases/index.js';
import { contextOn, document, mail, memoryStore } from './memory-case-store.js';

const accepted = {
  format: 'PAdES',
  accepted: true,
  reasons: [],
  signed: true,
  broken: false,
  signerCertificates: ['cert-1'],
};
const registration = (sha256: string) =>
  document({
    sha256,
    signature: accepted,
    form: {
      formType: 'eservice-registration',
      formVersion: 1,
      data: {
        institutionName: 'Rīgas valstspilsētas pašvaldība',
        institutionRegNo: '90000000001',
        eserviceNameLv: 'Būvatļaujas pieteikums',
        language: 'lv',
      },
      problems: [],
      changedAfterSigning: [],
      values: {},
    },
  });

describe('P1 registration', () => {
  it('regression: the same signed registration form mailed again registers nothing new and says which e-service it already is', async () => {
    const store = memoryStore();
    const first = await runSubmission(
      contextOn(store),
      mail({ documents: [registration('same')] }),
    );
    expect(first.state).toBe('awaiting-access-request');
    const again = await runSubmission(
      contextOn(store),
      mail({ documents: [registration('same')] }),
    );
    expect(again.state).toBe('refused');
    expect(store.eservices.size).toBe(1);
    const refusal = store.outbox.find((o) => o.caseId === again.id);
    expect(String(refusal?.data['reasons'])).toMatch(
      new RegExp(`already registered: the e-service ${String(first.data['eserviceId'])}`),
    );
    // A different form of the same institution is a new e-service.
    await runSubmission(contextOn(store), mail({ documents: [registration('other')] }));
    expect(store.eservices.size).toBe(2);
  });
});
