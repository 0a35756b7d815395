import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/store/index.js';
import {
  countSignatureReports,
  findDocumentsBySha256,
  listSignatureReports,
  loadDocumentReport,
  signatureReportTotals,
  type SignatureReportFilter,
} from '../../../src/store/signature-reports.js';
import { testDatabases } from '../../support/databases.js';
import { MARCH, REPORTS, seedReports, VERIFIED_AT, type Seeded } from './seed-reports.js';

/**
 * Compliance officers show, for a period, that every accepted document carried a valid qualified
 * signature with a time-stamp; the store finds those documents by period, verdict, institution,
 * form, signer, certificate and file.
 */
describe.each(testDatabases())('signature reports on $name', ({ open }) => {
  async function withSeeded(work: (db: Database, seeded: Seeded) => Promise<void>) {
    const { db, close } = await open();
    try {
      await work(db, await seedReports(db));
    } finally {
      await close();
    }
  }

  const ids = async (db: Database, filter: SignatureReportFilter): Promise<string[]> =>
    (await listSignatureReports(db, filter)).map((row) => row.documentId);

  it('when March is asked for, then its verified documents come newest first with their message, case, form and verdict', async () => {
    await withSeeded(async (db, { documents: d, messages }) => {
      const rows = await listSignatureReports(db, MARCH);

      expect(rows.map((r) => r.documentId)).toEqual([
        d.altered,
        d.resent,
        d.access,
        d.registration,
      ]);
      expect(rows[3]).toEqual({
        documentId: d.registration,
        sha256: REPORTS.registration.sha256,
        filename: 'registracija.pdf',
        size: REPORTS.registration.size,
        messageId: messages.alfa,
        mailbox: 'e-address',
        sender: 'iestade@institution-a.test',
        subject: 'Reģistrācija',
        receivedAt: new Date('2026-02-28T22:25:00Z'),
        verifiedAt: VERIFIED_AT.registration,
        caseNumber: 'P1-2026-00001',
        institutionRegNo: '90000012345',
        institutionName: 'Testa iestāde Alfa',
        formType: 'eservice-registration',
        signer: 'CN=Anna Bērziņa,SERIALNUMBER=PNOLV-010101-10000,C=LV',
        certificateSerial: '4f1a09c2',
        qualification: 'QESig',
        level: 'B-T',
        indication: 'TOTAL_PASSED',
        subIndication: null,
        accepted: true,
        reasons: [],
        timestampTime: '2026-03-02T09:14:05Z',
        revocationSource: 'embedded OCSP',
        format: 'PAdES',
      });
      // The first signature describes the row; a failed one has no time-stamp to show.
      expect(rows[0]).toMatchObject({
        signer: expect.stringContaining('CN=Pēteris Ozols'),
        certificateSerial: 'c0ffee',
        indication: 'TOTAL_FAILED',
        subIndication: 'HASH_FAILURE',
        level: null,
        timestampTime: null,
        accepted: false,
        caseNumber: 'P1-2026-00001',
        formType: 'api-manager',
      });
      expect(rows[2]).toMatchObject({ revocationSource: null, reasons: REPORTS.access.reasons });
    });
  });

  it('when a period starts or ends exactly at a verification, then from includes it and to excludes it', async () => {
    await withSeeded(async (db, { documents: d }) => {
      const at = VERIFIED_AT.altered;
      expect(await ids(db, { from: at })).toEqual([d.unsigned, d.altered]);
      expect(await ids(db, { from: new Date(at.getTime() + 1) })).toEqual([d.unsigned]);
      expect(await ids(db, { from: MARCH.from, to: at })).toEqual([
        d.resent,
        d.access,
        d.registration,
      ]);
      expect(await ids(db, { to: MARCH.from })).toEqual([]);
      expect(await ids(db, { to: new Date(VERIFIED_AT.registration.getTime() + 1) })).toEqual([
        d.registration,
      ]);
    });
  });

  it('when the verdict, indication or form type is asked for, then only those documents are listed', async () => {
    await withSeeded(async (db, { documents: d }) => {
      expect(await ids(db, { ...MARCH, accepted: true })).toEqual([d.resent, d.registration]);
      expect(await ids(db, { ...MARCH, accepted: false })).toEqual([d.altered, d.access]);
      expect(await ids(db, { indication: 'INDETERMINATE' })).toEqual([d.access]);
      expect(await ids(db, { indication: 'TOTAL_FAILED', accepted: true })).toEqual([]);
      expect(await ids(db, { formType: 'eservice-registration' })).toEqual([
        d.resent,
        d.registration,
      ]);
      expect(await ids(db, { formType: 'acceptance-act' })).toEqual([]);
    });
  });

  it('when an institution is named, then its registration number matches exactly and its name in part, in any case', async () => {
    await withSeeded(async (db, { documents: d }) => {
      expect(await ids(db, { institution: '40003000001' })).toEqual([d.access]);
      expect(await ids(db, { institution: ' 90000012345 ' })).toEqual([
        d.altered,
        d.resent,
        d.registration,
      ]);
      expect(await ids(db, { institution: '4000300' })).toEqual([]);
      expect(await ids(db, { institution: 'beta dati' })).toEqual([d.access]);
      expect(await ids(db, { institution: 'TESTA iestāde' })).toEqual([
        d.altered,
        d.resent,
        d.registration,
      ]);
      // A "%" is a character to look for, not a wildcard.
      expect(await ids(db, { institution: '%' })).toEqual([]);
      expect(await ids(db, { institution: '"Beta' })).toEqual([d.access]);
    });
  });

  it('when a signer is named, then a part of the first signature subject matches in any case', async () => {
    await withSeeded(async (db, { documents: d }) => {
      expect(await ids(db, { signer: 'jānis kalniņš' })).toEqual([d.access]);
      expect(await ids(db, { signer: 'ANNA B' })).toEqual([d.resent, d.registration]);
      expect(await ids(db, { signer: 'Ozols' })).toEqual([d.altered]);
      expect(await ids(db, { signer: 'Nobody' })).toEqual([]);
    });
  });

  it('when a certificate serial is given with colons, capitals or leading zeros, then every document any of whose signatures used it is found', async () => {
    await withSeeded(async (db, { documents: d }) => {
      const anna = [d.altered, d.resent, d.registration];
      expect(await ids(db, { certificateSerial: '4f1a09c2' })).toEqual(anna);
      expect(await ids(db, { certificateSerial: '4F:1A:09:C2' })).toEqual(anna);
      expect(await ids(db, { certificateSerial: '00 4f 1a 09 c2' })).toEqual(anna);
      expect(await ids(db, { certificateSerial: '0x004F1A09C2' })).toEqual(anna);
      // Stored as "0ab12" (the verifier keeps a leading zero nibble).
      expect(await ids(db, { certificateSerial: '00:0A:B1:2' })).toEqual([d.access]);
      expect(await ids(db, { certificateSerial: 'AB12' })).toEqual([d.access]);
      expect(await ids(db, { certificateSerial: '4f1a09' })).toEqual([]);
      expect(await ids(db, { certificateSerial: 'not-hex' })).toEqual([]);
    });
  });

  it('when a file is looked up by its SHA-256 in any case, then every document with those bytes is found', async () => {
    await withSeeded(async (db, { documents: d }) => {
      const sha = REPORTS.registration.sha256;
      expect((await findDocumentsBySha256(db, sha.toUpperCase())).map((r) => r.documentId)).toEqual(
        [d.resent, d.registration],
      );
      expect(await ids(db, { sha256: REPORTS.unsigned.sha256 })).toEqual([d.unsigned]);
      expect(await findDocumentsBySha256(db, '0'.repeat(64))).toEqual([]);
    });
  });

  it('when a long list is paged, then limit and offset cut it and the count ignores them', async () => {
    await withSeeded(async (db, { documents: d }) => {
      expect(await ids(db, { limit: 2 })).toEqual([d.unsigned, d.altered]);
      expect(await ids(db, { limit: 2, offset: 2 })).toEqual([d.resent, d.access]);
      expect(await ids(db, { limit: 2, offset: 4 })).toEqual([d.registration]);
      expect(await countSignatureReports(db, { limit: 2 })).toBe(5);
      expect(await countSignatureReports(db, { ...MARCH, accepted: false })).toBe(2);
      expect(await countSignatureReports(db, { certificateSerial: '4F1A09C2' })).toBe(3);
      await expect(listSignatureReports(db, { limit: 0 })).rejects.toThrow(RangeError);
      await expect(listSignatureReports(db, { offset: -1 })).rejects.toThrow(RangeError);
    });
  });

  it('when totals are asked for, then documents are counted by verdict and indication, and each reason once per document', async () => {
    await withSeeded(async (db) => {
      const accessReason = REPORTS.access.reasons[0] ?? '';
      expect(accessReason).toMatch(/not verifiable \(TRY_LATER\)/);

      expect(await signatureReportTotals(db, MARCH)).toEqual({
        total: 4,
        accepted: 2,
        refused: 2,
        byIndication: { TOTAL_PASSED: 2, INDETERMINATE: 1, TOTAL_FAILED: 1 },
        byReason: Object.fromEntries(
          [...new Set([...REPORTS.access.reasons, ...REPORTS.altered.reasons])].map((r) => [r, 1]),
        ),
      });
      const all = await signatureReportTotals(db, {});
      expect(all).toMatchObject({ total: 5, accepted: 2, refused: 3 });
      expect(all.byIndication).toEqual({
        TOTAL_PASSED: 2,
        INDETERMINATE: 1,
        TOTAL_FAILED: 1,
        none: 1,
      });
      expect(all.byReason['the document is not signed']).toBe(1);
      expect(all.byReason[accessReason]).toBe(1);
      expect(await signatureReportTotals(db, { institution: 'nobody' })).toEqual({
        total: 0,
        accepted: 0,
        refused: 0,
        byIndication: {},
        byReason: {},
      });
    });
  });

  it('when one document is loaded, then its row comes with the full report as stored', async () => {
    await withSeeded(async (db, { documents: d }) => {
      const found = await loadDocumentReport(db, d.altered);

      expect(found?.report).toEqual(REPORTS.altered);
      expect(found?.row).toMatchObject({ documentId: d.altered, filename: 'api-manager.pdf' });
      expect(await loadDocumentReport(db, '999999')).toBeUndefined();
      expect(await loadDocumentReport(db, '1; DROP TABLE documents')).toBeUndefined();
    });
  });
});
