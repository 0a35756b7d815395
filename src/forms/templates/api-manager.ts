import { DESCRIPTION_MAX, IDENTIFIER_MAX, NAME_MAX, URL_MAX, VERSION_MAX } from '../limits.js';
import {
  contactItems,
  environmentOptions,
  languageSection,
  regNoItem,
  SIGN_AND_SEND,
} from './common-items.js';
import type { FormTemplate } from './template-spec.js';

export const apiManagerTemplate: FormTemplate = {
  type: 'api-manager',
  title: 'Pieteikums API publicēšanai API pārvaldniekā',
  subtitle: 'P1 · 4. solis · VISS API pārvaldnieks',
  sections: [
    {
      heading: '1. E-pakalpojums',
      items: [
        {
          kind: 'row',
          items: [
            {
              kind: 'text',
              name: 'eserviceId',
              label: 'E-pakalpojuma identifikators',
              hint: 'piem., EP-2026-00042',
              maxLength: IDENTIFIER_MAX,
            },
            regNoItem('institutionRegNo', 'Iestādes reģistrācijas numurs'),
          ],
        },
      ],
    },
    {
      heading: '2. API',
      items: [
        {
          kind: 'row',
          items: [
            { kind: 'text', name: 'apiName', label: 'API nosaukums', maxLength: NAME_MAX },
            {
              kind: 'text',
              name: 'apiVersion',
              label: 'Versija',
              hint: 'piem., 1.2.3',
              maxLength: VERSION_MAX,
            },
          ],
        },
        {
          kind: 'text',
          name: 'apiDescription',
          label: 'Apraksts',
          maxLength: DESCRIPTION_MAX,
          lines: 5,
        },
        {
          kind: 'text',
          name: 'specificationRef',
          label: 'Specifikācija',
          hint: 'https:// adrese vai pievienotās datnes nosaukums',
          maxLength: URL_MAX,
        },
        { kind: 'choice', name: 'environment', label: 'Vide', options: environmentOptions },
      ],
    },
    { heading: '3. Publicētājs', items: contactItems('publisher', false) },
    { ...languageSection, heading: `4. ${languageSection.heading}` },
  ],
  closing: SIGN_AND_SEND,
};
