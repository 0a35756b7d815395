import { CATALOGUE_ID_MAX, FILE_NAME_MAX, NAME_MAX, VERSION_MAX } from '../limits.js';
import {
  contactItems,
  languageSection,
  regNoItem,
  SIGN_AND_SEND,
  yesNoOptions,
} from './common-items.js';
import type { FormTemplate } from './template-spec.js';

export const productionRequestTemplate: FormTemplate = {
  type: 'production-request',
  title: 'Pieteikums tīmekļa pakalpojuma ieviešanai ražošanas vidē',
  subtitle: 'P2 · 1. solis · Valsts informācijas sistēmu savietotājs (VISS)',
  intro: 'Pievienojiet e-pastam tīmekļa pakalpojuma darbības aprakstu.',
  sections: [
    {
      heading: '1. Iestāde',
      items: [
        { kind: 'text', name: 'institutionName', label: 'Iestādes nosaukums', maxLength: NAME_MAX },
        regNoItem('institutionRegNo', 'Reģistrācijas numurs'),
      ],
    },
    {
      heading: '2. Tīmekļa pakalpojums',
      items: [
        { kind: 'text', name: 'webServiceName', label: 'Nosaukums', maxLength: NAME_MAX },
        {
          kind: 'row',
          items: [
            {
              kind: 'text',
              name: 'testCatalogueId',
              label: 'Identifikators testa vides IS katalogā',
              maxLength: CATALOGUE_ID_MAX,
            },
            {
              kind: 'text',
              name: 'webServiceVersion',
              label: 'Versija',
              hint: 'piem., 2.1.0',
              maxLength: VERSION_MAX,
            },
          ],
        },
        {
          kind: 'choice',
          name: 'usedInViss',
          label: 'Vai pakalpojums tiek izmantots VISS?',
          options: yesNoOptions,
        },
        {
          kind: 'choice',
          name: 'vissUse',
          label: 'Kā to izmanto (ja izmanto VISS)?',
          options: [
            { value: 'eService', label: 'e-pakalpojumā' },
            { value: 'dataExchange', label: 'datu apmaiņā' },
            { value: 'both', label: 'abos' },
          ],
        },
        {
          kind: 'choice',
          name: 'deployToProduction',
          label: 'Vai ieviest ražošanas vidē?',
          options: yesNoOptions,
        },
        {
          kind: 'text',
          name: 'descriptionFileName',
          label: 'Pievienotā darbības apraksta datnes nosaukums',
          hint: 'nav obligāts',
          maxLength: FILE_NAME_MAX,
        },
      ],
    },
    { heading: '3. Kontaktpersona', items: contactItems('contact', false) },
    { ...languageSection, heading: `4. ${languageSection.heading}` },
  ],
  closing: SIGN_AND_SEND,
};
