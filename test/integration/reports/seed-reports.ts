import type { DocumentReport } from '../../../src/signature/report.js';
import {
  recordDocuments,
  recordIncomingMessage,
  saveFormReading,
  saveVerificationReport,
  sqlCaseStore,
  syncMailboxPosition,
  type Database,
} from '../../../src/store/index.js';
import type { FormType } from '../../../src/forms/index.js';
import { documentReport, signatureReport, summaryOf } from '../../support/document-reports.js';

/**
 * A month of intake as the compliance report sees it: five verified documents in four messages,
 * two cases of two institutions, verified at times on both sides of the month's edges in Riga
 * (UTC+2 until 29 March 2026, UTC+3 after).
 */

export const REPORTS = {
  /** Accepted: a qualified, time-stamped signature. Verified 1 March 00:30 in Riga. */
  registration: documentReport('registracija.pdf', [
    signatureReport({ signer: 'Anna Bērziņa', serial: '4f1a09c2' }),
  ]),
  /** Refused: revocation could not be checked. Its reason is stored twice (counted once). */
  access: ((): DocumentReport => {
    const report = documentReport('piekluves-tiesibas.pdf', [
      signatureReport({
        signer: 'Jānis Kalniņš',
        serial: '0ab12',
        indication: 'INDETERMINATE',
        subIndication: 'TRY_LATER',
        revocationSource: null,
        errors: ['the OCSP responder did not answer'],
      }),
    ]);
    return { ...report, reasons: [...report.reasons, ...report.reasons] };
  })(),
  /** Refused: not signed at all. Verified 1 April 00:30 in Riga: outside March. */
  unsigned: documentReport('vestule.pdf', []),
  /**
   * Refused: altered after signing. Its first signature is Pēteris Ozols's; the second, Anna
   * Bērziņa's, carries her certificate's serial. Verified 31 March 23:59:59 in Riga.
   */
  altered: documentReport(
    'api-manager.pdf',
    [
      signatureReport({
        id: 'Signature1',
        signer: 'Pēteris Ozols',
        serial: 'c0ffee',
        indication: 'TOTAL_FAILED',
        subIndication: 'HASH_FAILURE',
        level: null,
        timestamp: null,
        errors: ['the signed bytes do not match the message digest'],
      }),
      signatureReport({ id: 'Signature2', signer: 'Anna Bērziņa', serial: '4f1a09c2' }),
    ],
    { bytes: 'api-manager.pdf, changed' },
  ),
} satisfies Record<string, DocumentReport>;

export const VERIFIED_AT = {
  registration: new Date('2026-02-28T22:30:00Z'),
  access: new Date('2026-03-15T10:00:00Z'),
  unsigned: new Date('2026-03-31T21:30:00Z'),
  altered: new Date('2026-03-31T20:59:59Z'),
  /** The registration form sent again, in a later mail. */
  resent: new Date('2026-03-20T08:00:00Z'),
};

/** March 2026 in Riga, as the filter's [from, to). */
export const MARCH = {
  from: new Date('2026-02-28T22:00:00Z'),
  to: new Date('2026-03-31T21:00:00Z'),
};

export interface Seeded {
  documents: Record<keyof typeof VERIFIED_AT, string>;
  messages: { alfa: string; beta: string; letter: string; resent: string };
}

async function message(db: Database, uid: number, from: string, subject: string, at: Date) {
  const recorded = await recordIncomingMessage(db, {
    mailbox: 'e-address',
    uidvalidity: 1,
    uid,
    messageId: `<m${uid}@institution.test>`,
    rawSha256: String(uid).padStart(64, 'a'),
    contentSha256: String(uid).padStart(64, 'b'),
    size: 50_000 + uid,
    from,
    subject,
  });
  await db.query('UPDATE messages SET received_at = $2 WHERE id = $1', [recorded.id, at]);
  return recorded.id;
}

async function document(
  db: Database,
  messageId: string,
  partIndex: number,
  report: DocumentReport,
  verifiedAt: Date,
  formType: FormType | null,
): Promise<string> {
  const [recorded] = await recordDocuments(db, messageId, [
    {
      partIndex,
      filename: report.file,
      contentType: 'application/pdf',
      sha256: report.sha256,
      size: report.size,
      kind: 'document',
    },
  ]);
  if (!recorded) throw new Error('document not recorded');
  await saveVerificationReport(db, recorded.id, report, summaryOf(report));
  // The stage stamps now(); the story needs the verification at a given time.
  await db.query('UPDATE verification_reports SET verified_at = $2 WHERE document_id = $1', [
    recorded.id,
    verifiedAt,
  ]);
  if (formType !== null)
    await saveFormReading(db, {
      documentId: recorded.id,
      messageId,
      formType,
      formVersion: 1,
      source: 'acroform',
      values: {},
      data: {},
      problems: [],
      changedAfterSigning: [],
      notAFormReason: null,
      description: null,
      signedRevisions: [],
    });
  return recorded.id;
}

export async function seedReports(db: Database): Promise<Seeded> {
  await syncMailboxPosition(db, 'e-address', 1);
  const cases = sqlCaseStore(db, { messageIdDomain: 'agency.test' });
  const alfaCase = await cases.openCase(
    {
      procedure: 'P1',
      state: 'awaiting-access-request',
      number: 'P1-2026-00001',
      institutionRegNo: '90000012345',
      institutionName: 'Testa iestāde Alfa',
      language: 'lv',
    },
    { kind: 'case-opened', actor: 'system' },
  );
  const betaCase = await cases.openCase(
    {
      procedure: 'P1',
      state: 'refused',
      number: 'P1-2026-00002',
      institutionRegNo: '40003000001',
      institutionName: 'SIA "Beta Dati"',
      language: 'lv',
    },
    { kind: 'case-opened', actor: 'system' },
  );

  const alfa = await message(
    db,
    1,
    'iestade@institution-a.test',
    'Reģistrācija',
    new Date('2026-02-28T22:25:00Z'),
  );
  const beta = await message(
    db,
    2,
    'it@beta.test',
    'Piekļuves tiesības',
    new Date('2026-03-15T09:58:00Z'),
  );
  const letter = await message(
    db,
    3,
    'someone@elsewhere.test',
    'Vēstule',
    new Date('2026-03-31T21:29:00Z'),
  );
  const resent = await message(
    db,
    4,
    'iestade@institution-a.test',
    'Atkārtoti: Reģistrācija',
    new Date('2026-03-20T07:59:00Z'),
  );
  await cases.linkMessage(alfaCase.id, alfa);
  await cases.linkMessage(betaCase.id, beta);
  await cases.linkMessage(alfaCase.id, resent);

  return {
    messages: { alfa, beta, letter, resent },
    documents: {
      registration: await document(
        db,
        alfa,
        1,
        REPORTS.registration,
        VERIFIED_AT.registration,
        'eservice-registration',
      ),
      altered: await document(db, alfa, 2, REPORTS.altered, VERIFIED_AT.altered, 'api-manager'),
      access: await document(db, beta, 1, REPORTS.access, VERIFIED_AT.access, 'access-rights'),
      unsigned: await document(db, letter, 1, REPORTS.unsigned, VERIFIED_AT.unsigned, null),
      resent: await document(
        db,
        resent,
        1,
        REPORTS.registration,
        VERIFIED_AT.resent,
        'eservice-registration',
      ),
    },
  };
}
