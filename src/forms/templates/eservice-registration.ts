import {
  DATE_MAX,
  DESCRIPTION_MAX,
  E_ADDRESS_MAX,
  LEGAL_BASIS_MAX,
  NAME_MAX,
  NOTE_MAX,
} from '../limits.js';
import { VISS_COMPONENTS_GROUP, VISS_OTHER_TEXT_FIELD } from '../schemas/eservice-registration.js';
import {
  contactItems,
  languageSection,
  regNoItem,
  SIGN_AND_SEND,
  yesNoOptions,
} from './common-items.js';
import type { FormTemplate } from './template-spec.js';

const component = (id: string, label: string) => ({
  name: `${VISS_COMPONENTS_GROUP}.${id}`,
  label,
});

export const eserviceRegistrationTemplate: FormTemplate = {
  type: 'eservice-registration',
  title: 'Pieteikums e-pakalpojuma reģistrēšanai',
  subtitle: 'P1 · 2. solis · Valsts informācijas sistēmu savietotājs (VISS)',
  intro:
    'Iestāde piesaka jaunu e-pakalpojumu reģistrēšanai VISS. Aizpildiet visus laukus, ja vien ' +
    'nav norādīts, ka lauks nav obligāts.',
  sections: [
    {
      heading: '1. Iestāde',
      items: [
        { kind: 'text', name: 'institutionName', label: 'Iestādes nosaukums', maxLength: NAME_MAX },
        {
          kind: 'row',
          items: [
            regNoItem('institutionRegNo', 'Reģistrācijas numurs'),
            {
              kind: 'text',
              name: 'institutionEAddress',
              label: 'Oficiālā elektroniskā adrese (e-adrese)',
              hint: 'piem., _DEFAULT@90000000001',
              maxLength: E_ADDRESS_MAX,
            },
          ],
        },
      ],
    },
    {
      heading: '2. E-pakalpojums',
      items: [
        {
          kind: 'text',
          name: 'eserviceNameLv',
          label: 'Nosaukums latviešu valodā',
          maxLength: NAME_MAX,
        },
        {
          kind: 'text',
          name: 'eserviceNameEn',
          label: 'Nosaukums angļu valodā',
          hint: 'nav obligāts',
          maxLength: NAME_MAX,
        },
        {
          kind: 'text',
          name: 'description',
          label: 'Apraksts',
          maxLength: DESCRIPTION_MAX,
          lines: 6,
        },
        {
          kind: 'text',
          name: 'legalBasis',
          label: 'Tiesiskais pamatojums (normatīvie akti)',
          maxLength: LEGAL_BASIS_MAX,
          lines: 3,
        },
        {
          kind: 'choice',
          name: 'audience',
          label: 'Mērķauditorija',
          options: [
            { value: 'residents', label: 'iedzīvotāji' },
            { value: 'businesses', label: 'komersanti' },
            { value: 'both', label: 'gan iedzīvotāji, gan komersanti' },
          ],
        },
        {
          kind: 'choice',
          name: 'portalPlacement',
          label: 'Vai e-pakalpojumu publicēt valsts pārvaldes pakalpojumu portālā latvija.lv?',
          options: yesNoOptions,
        },
        {
          kind: 'text',
          name: 'portalPlacementNote',
          label: 'Piezīmes par publicēšanu portālā',
          hint: 'nav obligātas',
          maxLength: NOTE_MAX,
          lines: 2,
        },
        {
          kind: 'text',
          name: 'plannedLaunchDate',
          label: 'Plānotais ieviešanas datums',
          hint: 'GGGG-MM-DD',
          maxLength: DATE_MAX,
        },
      ],
    },
    {
      heading: '3. Izmantojamās VISS komponentes',
      items: [
        {
          kind: 'checkboxes',
          label: 'Atzīmējiet vismaz vienu',
          options: [
            component('authentication', 'Autentifikācija'),
            component('eAddress', 'E-adrese'),
            component('payments', 'Maksājumu modulis'),
            component('notifications', 'Paziņojumi'),
            component('dataExchange', 'Datu apmaiņa'),
            component('other', 'Cita'),
          ],
        },
        {
          kind: 'text',
          name: VISS_OTHER_TEXT_FIELD,
          label: 'Cita komponente',
          hint: 'obligāti, ja atzīmēts “Cita”',
          maxLength: NOTE_MAX,
        },
      ],
    },
    { heading: '4. Atbildīgā persona', items: contactItems('responsible') },
    { heading: '5. Tehniskā kontaktpersona', items: contactItems('technical') },
    { ...languageSection, heading: `6. ${languageSection.heading}` },
  ],
  closing: SIGN_AND_SEND,
};
