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

describe('P1 refusal of a file damaged on the way', () => {
  it('when the form arrived with broken base64 and its signature fails, then the refusal says first that the file was damaged and should be sent again', async () => {
    const store = memoryStore();
    const damaged = {
      ...registration('damaged'),
      signature: {
        ...accepted,
        accepted: false,
        broken: true,
        reasons: ['the signature does not match the signed bytes'],
      },
      note: 'the attachment arrived damaged (its base64 encoding is broken); please send it again',
    };
    const kase = await runSubmission(contextOn(store), mail({ documents: [damaged] }));
    expect(kase.state).toBe('refused');
    const refusal = store.outbox.find((o) => o.caseId === kase.id);
    expect(refusal?.data['reasons']).toEqual([
      `${damaged.filename}: the attachment arrived damaged (its base64 encoding is broken); please send it again`,
      `${damaged.filename}: the signature does not match the signed bytes`,
    ]);
  });

  it('when a file with a note is accepted anyway (its signature proves it intact), then the note is not told', async () => {
    const store = memoryStore();
    const kase = await runSubmission(
      contextOn(store),
      mail({ documents: [{ ...registration('intact'), note: 'the file is empty (0 bytes)' }] }),
    );
    expect(kase.state).toBe('awaiting-access-request');
  });
});
