import type { FormValues } from '../../../src/forms/index.js';

/** Form contents as the test institutions fill them in (Latvian, with diacritics). */
export const INSTITUTION_A = { regNo: '90000000001', name: 'Rīgas valstspilsētas pašvaldība' };
export const INSTITUTION_B = { regNo: '90000000002', name: 'Ķekavas novada pašvaldība' };

export function registrationValues(
  institution = INSTITUTION_A,
  overrides: FormValues = {},
): FormValues {
  return {
    institutionName: institution.name,
    institutionRegNo: institution.regNo,
    institutionEAddress: `_DEFAULT@${institution.regNo}`,
    eserviceNameLv: 'Būvatļaujas pieteikums',
    eserviceNameEn: 'Building permit application',
    description: 'Iedzīvotāji un komersanti piesakās būvatļaujai tiešsaistē.',
    legalBasis: 'Būvniecības likums, 12. pants',
    audience: 'both',
    portalPlacement: 'yes',
    plannedLaunchDate: '2027-06-01',
    'vissComponents.authentication': true,
    'vissComponents.eAddress': true,
    responsibleName: 'Ģirts Bērziņš',
    responsiblePosition: 'Digitalizācijas nodaļas vadītājs',
    responsibleEmail: 'girts.berzins@institution-a.test',
    responsiblePhone: '+371 67000001',
    technicalName: 'Līga Ozoliņa',
    technicalPosition: 'Sistēmu arhitekte',
    technicalEmail: 'liga.ozolina@institution-a.test',
    technicalPhone: '+37167000002',
    language: 'lv',
    ...overrides,
  };
}

export function accessRightsValues(identifier: string, institution = INSTITUTION_A): FormValues {
  return {
    eserviceId: identifier,
    institutionRegNo: institution.regNo,
    environment: 'test',
    'person1.name': 'Jānis',
    'person1.surname': 'Kalniņš',
    'person1.email': 'janis.kalnins@izstrade.test',
    'person1.organisation': 'SIA Izstrāde',
    'person1.role': 'developer',
    'person1.validUntil': '2027-12-31',
    'person2.name': 'Anna',
    'person2.surname': 'Liepiņa',
    'person2.email': 'anna.liepina@institution-a.test',
    'person2.organisation': institution.name,
    'person2.role': 'tester',
    'person2.validUntil': '2027-06-30',
    language: 'lv',
  };
}

export function apiManagerValues(identifier: string, institution = INSTITUTION_A): FormValues {
  return {
    eserviceId: identifier,
    institutionRegNo: institution.regNo,
    apiName: 'buvatlaujas-api',
    apiVersion: '1.0',
    apiDescription: 'Pieteikumu iesniegšana un statusa pārbaude.',
    specificationRef: 'buvatlaujas-openapi.yaml',
    environment: 'test',
    publisherName: 'Līga Ozoliņa',
    publisherEmail: 'liga.ozolina@institution-a.test',
    publisherPhone: '+37167000002',
    language: 'lv',
  };
}

export function productionRequestValues(
  catalogueId: string,
  overrides: FormValues = {},
): FormValues {
  return {
    institutionName: INSTITUTION_A.name,
    institutionRegNo: INSTITUTION_A.regNo,
    webServiceName: 'Adrešu meklēšana',
    testCatalogueId: catalogueId,
    webServiceVersion: '2.1',
    usedInViss: 'yes',
    vissUse: 'dataExchange',
    deployToProduction: 'yes',
    contactName: 'Pēteris Sīlis',
    contactEmail: 'peteris.silis@institution-a.test',
    contactPhone: '+37167000003',
    descriptionFileName: 'adreses.wsdl',
    language: 'lv',
    ...overrides,
  };
}

export const WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="AdresuMeklesana"
  targetNamespace="urn:example:adreses"><message name="Pieprasijums"/></definitions>`;
