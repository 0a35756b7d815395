import type { AnswerKind } from '../../../../../src/cases/case-types.js';
import type { LetterContext } from '../../../../../src/responses/letters/index.js';

/** Answers as the procedures queue them (see the `queueAnswer` calls in src/cases). */

export const CASE_NUMBER = 'P1-2026-00001';
export const AGENCY = 'Valsts reģionālās attīstības aģentūra';

export function context(changes: Partial<LetterContext> = {}): LetterContext {
  return {
    agencyName: AGENCY,
    caseNumber: CASE_NUMBER,
    date: new Date('2026-03-05T09:15:00Z'),
    recipient: 'lietvediba@iestade.gov.lv',
    inReplyTo: {
      subject: 'Pieteikums e-pakalpojuma reģistrēšanai',
      receivedAt: new Date('2026-03-04T12:00:00Z'),
      messageId: '<20260304120000.1234@iestade.gov.lv>',
    },
    ...changes,
  };
}

export const GRANTS = [
  {
    name: 'Jānis Bērziņš',
    email: 'janis@izstrade.lv',
    organisation: 'SIA Izstrāde',
    role: 'developer',
    environment: 'test',
    validUntil: '2027-03-01',
  },
  {
    name: 'Līga Ozoliņa',
    email: 'liga@iestade.lv',
    organisation: 'Iestāde',
    role: 'tester',
    environment: 'test',
    validUntil: '2027-06-30',
  },
];

export const SAMPLES: Record<AnswerKind, Record<string, unknown>> = {
  'registration-confirmed': {
    caseNumber: CASE_NUMBER,
    identifier: 'EP-2026-00042',
    eserviceName: 'Būvatļaujas pieprasīšana',
    contactPerson: { name: 'Anna Kalniņa', email: 'anna.kalnina@vraa.gov.lv' },
  },
  'access-granted': {
    caseNumber: CASE_NUMBER,
    identifier: 'EP-2026-00042',
    grants: GRANTS,
    api: { name: 'Būvatļaujas API', version: '1.2.0', environment: 'test' },
  },
  refusal: {
    caseNumber: CASE_NUMBER,
    reasons: ['pieteikums.pdf: the signature has no time-stamp', 'eserviceName: is required'],
    files: ['pieteikums.pdf'],
  },
  'waiting-for-second-form': {
    caseNumber: CASE_NUMBER,
    identifier: 'EP-2026-00042',
    missing: ['api-manager'],
  },
  reminder: { caseNumber: CASE_NUMBER, identifier: 'EP-2026-00042', missing: ['access-rights'] },
  nonconformity: {
    caseNumber: 'P2-2026-00003',
    contactName: 'Pēteris Liepiņš',
    webService: 'Adrešu reģistra pakalpe',
    problems: ['the operation description is missing', 'error rate 12% is above 5%'],
  },
  'acceptance-act': {
    caseNumber: 'P2-2026-00003',
    actNumber: 'AA-2026-00007',
    webService: 'Adrešu reģistra pakalpe',
  },
  'production-registered': {
    caseNumber: 'P2-2026-00003',
    webService: 'Adrešu reģistra pakalpe',
    identifier: 'VISS.PROD.0042',
    installationPending: true,
  },
  'installation-done': { caseNumber: 'P2-2026-00003', webService: 'Adrešu reģistra pakalpe' },
  'ticket-acknowledgement': {
    caseNumber: 'ATB-2026-00012',
    subject: 'Jautājums par testa vidi',
  },
};

/** What each letter must show whatever its language: the values it was written for. */
export const KEY_VALUES: Record<AnswerKind, string[]> = {
  'registration-confirmed': [
    'EP-2026-00042',
    'Būvatļaujas pieprasīšana',
    'Anna Kalniņa',
    'anna.kalnina@vraa.gov.lv',
  ],
  'access-granted': ['EP-2026-00042', ...GRANTS.map((g) => g.email), 'Būvatļaujas API', '1.2.0'],
  refusal: ['pieteikums.pdf: the signature has no time-stamp', 'eserviceName: is required'],
  'waiting-for-second-form': ['EP-2026-00042'],
  reminder: ['EP-2026-00042'],
  nonconformity: [
    'Pēteris Liepiņš',
    'Adrešu reģistra pakalpe',
    'the operation description is missing',
    'error rate 12% is above 5%',
  ],
  'acceptance-act': ['AA-2026-00007', 'Adrešu reģistra pakalpe'],
  'production-registered': ['Adrešu reģistra pakalpe', 'VISS.PROD.0042'],
  'installation-done': ['Adrešu reģistra pakalpe'],
  'ticket-acknowledgement': ['Jautājums par testa vidi'],
};
