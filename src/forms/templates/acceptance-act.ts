import {
  AUDIT_SUMMARY_MAX,
  CATALOGUE_ENTRY_MAX,
  CATALOGUE_ID_MAX,
  DATE_MAX,
  NAME_MAX,
  REFERENCE_NUMBER_MAX,
  VERSION_MAX,
} from '../limits.js';
import { regNoItem } from './common-items.js';
import type { FormTemplate } from './template-spec.js';

export const acceptanceActTemplate: FormTemplate = {
  type: 'acceptance-act',
  title: 'Tīmekļa pakalpojuma pieņemšanas un nodošanas akts',
  subtitle: 'P2 · 3. solis · Valsts informācijas sistēmu savietotājs (VISS)',
  readOnly: true,
  sections: [
    {
      heading: 'Akts',
      items: [
        {
          kind: 'row',
          items: [
            {
              kind: 'text',
              name: 'actNumber',
              label: 'Akta numurs',
              maxLength: REFERENCE_NUMBER_MAX,
            },
            {
              kind: 'text',
              name: 'caseNumber',
              label: 'Lietas numurs',
              maxLength: REFERENCE_NUMBER_MAX,
            },
            { kind: 'text', name: 'date', label: 'Datums', maxLength: DATE_MAX },
          ],
        },
        { kind: 'text', name: 'agencyName', label: 'Aģentūra', maxLength: NAME_MAX },
      ],
    },
    {
      heading: 'Iestāde un tīmekļa pakalpojums',
      items: [
        {
          kind: 'row',
          items: [
            { kind: 'text', name: 'institutionName', label: 'Iestāde', maxLength: NAME_MAX },
            regNoItem('institutionRegNo', 'Reģistrācijas numurs'),
          ],
        },
        { kind: 'text', name: 'webServiceName', label: 'Tīmekļa pakalpojums', maxLength: NAME_MAX },
        {
          kind: 'row',
          items: [
            {
              kind: 'text',
              name: 'testCatalogueId',
              label: 'Identifikators testa vides IS katalogā',
              maxLength: CATALOGUE_ID_MAX,
            },
            { kind: 'text', name: 'webServiceVersion', label: 'Versija', maxLength: VERSION_MAX },
          ],
        },
        {
          kind: 'text',
          name: 'catalogueEntry',
          label: 'Ieraksts IS katalogā',
          maxLength: CATALOGUE_ENTRY_MAX,
          lines: 3,
        },
        {
          kind: 'text',
          name: 'auditSummary',
          label:
            'Testa perioda auditpierakstu kopsavilkums (periods, izsaukumi, kļūdu īpatsvars, patērētāji)',
          maxLength: AUDIT_SUMMARY_MAX,
          lines: 6,
        },
      ],
    },
    {
      heading: 'Paraksti',
      items: [
        {
          kind: 'note',
          text:
            'Aģentūra nodod un iestāde pieņem tīmekļa pakalpojumu ieviešanai ražošanas vidē. ' +
            'Akts stājas spēkā, kad to ar drošu elektronisko parakstu parakstījušas abas puses.',
        },
        {
          kind: 'signatures',
          fields: [
            { name: 'agencySignature', label: 'Aģentūras paraksts' },
            { name: 'institutionSignature', label: 'Iestādes paraksts' },
          ],
        },
      ],
    },
  ],
};
