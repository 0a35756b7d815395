import type { FormType, FormValues } from '../../../../src/forms/index.js';

/** The day every schema test judges its forms on. */
export const TODAY = '2026-03-02';
export const OPTIONS = { today: TODAY } as const;

/** A value set per form type that passes its schema: each test breaks exactly one thing. */
export const GOOD: Readonly<Record<FormType, FormValues>> = {
  'eservice-registration': {
    institutionName: 'Rīgas valstspilsētas pašvaldība',
    institutionRegNo: '90000000001',
    institutionEAddress: '_DEFAULT@90000000001',
    eserviceNameLv: 'Būvatļaujas pieteikums',
    eserviceNameEn: 'Building permit application',
    description: 'Iedzīvotāji piesakās būvatļaujai tiešsaistē.\nStatusu var redzēt portālā.',
    legalBasis: 'Būvniecības likums, 12. pants',
    audience: 'both',
    portalPlacement: 'yes',
    portalPlacementNote: 'Sadaļā “Būvniecība”',
    plannedLaunchDate: '2026-09-01',
    'vissComponents.authentication': true,
    'vissComponents.eAddress': true,
    responsibleName: 'Ģirts Bērziņš',
    responsiblePosition: 'Digitalizācijas nodaļas vadītājs',
    responsibleEmail: 'girts.berzins@riga.example',
    responsiblePhone: '+371 67 000 001',
    technicalName: 'Līga Ozoliņa',
    technicalPosition: 'Sistēmu arhitekte',
    technicalEmail: 'liga.ozolina@riga.example',
    technicalPhone: '+37167000002',
    language: 'lv',
  },
  'access-rights': {
    eserviceId: 'EP-2026-00042',
    institutionRegNo: '90000000001',
    environment: 'test',
    'person1.name': 'Jānis',
    'person1.surname': 'Kalniņš',
    'person1.email': 'janis.kalnins@izstrade.example',
    'person1.organisation': 'SIA Izstrāde',
    'person1.role': 'developer',
    'person1.validUntil': '2027-12-31',
    'person3.name': 'Anna',
    'person3.surname': 'Liepiņa',
    'person3.email': 'anna.liepina@riga.example',
    'person3.organisation': 'Rīgas valstspilsētas pašvaldība',
    'person3.role': 'tester',
    'person3.validUntil': '2026-06-30',
    language: 'en',
  },
  'api-manager': {
    eserviceId: 'EP-2026-00042',
    institutionRegNo: '90000000001',
    apiName: 'buvatlaujas-api',
    apiVersion: '1.2',
    apiDescription: 'Pieteikumu iesniegšana un statusa pārbaude.',
    specificationRef: 'https://api.riga.example/buvatlaujas/openapi.yaml',
    environment: 'test',
    publisherName: 'Līga Ozoliņa',
    publisherEmail: 'liga.ozolina@riga.example',
    publisherPhone: '+49 30 1234567',
    language: 'lv',
  },
  'production-request': {
    institutionName: 'Ķekavas novada pašvaldība',
    institutionRegNo: '90000000002',
    webServiceName: 'Adrešu meklēšana',
    testCatalogueId: 'adreses.meklesana-v2',
    webServiceVersion: '2.1.0',
    usedInViss: 'yes',
    vissUse: 'dataExchange',
    deployToProduction: 'yes',
    contactName: 'Pēteris Sīlis',
    contactEmail: 'peteris.silis@kekava.example',
    contactPhone: '+37167000003',
    descriptionFileName: 'adreses.wsdl',
    language: 'lv',
  },
  'acceptance-act': {
    actNumber: 'AKTS-2026-0001',
    caseNumber: 'P2-2026-00017',
    date: '2026-02-01',
    agencyName: 'Valsts reģionālās attīstības aģentūra',
    institutionName: 'Ķekavas novada pašvaldība',
    institutionRegNo: '90000000002',
    webServiceName: 'Adrešu meklēšana',
    testCatalogueId: 'adreses.meklesana-v2',
    webServiceVersion: '2.1.0',
    catalogueEntry: 'VISS testa vides IS katalogs: adreses.meklesana-v2',
    auditSummary:
      'Periods: 2026-01-01 – 2026-01-31\nIzsaukumi: 12034; kļūdas: 12 (0.1%)\nPatērētāji: 4',
  },
};

/** The good values of `type` with some fields replaced; `undefined` removes a field. */
export function withValues(
  type: FormType,
  changes: Record<string, string | boolean | undefined>,
): FormValues {
  const values: FormValues = { ...GOOD[type] };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete values[name];
    else values[name] = value;
  }
  return values;
}
