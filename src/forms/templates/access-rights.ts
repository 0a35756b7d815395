import { DATE_MAX, IDENTIFIER_MAX, MAX_PEOPLE_ROWS, NAME_MAX, EMAIL_MAX } from '../limits.js';
import { ACCESS_ROLES, personCell, type PeopleColumn } from '../schemas/people-table.js';
import { environmentOptions, languageSection, regNoItem, SIGN_AND_SEND } from './common-items.js';
import type { FormTemplate } from './template-spec.js';

export const accessRightsTemplate: FormTemplate = {
  type: 'access-rights',
  title: 'Pieteikums piekļuves tiesībām VISS vidē',
  subtitle: 'P1 · 4. solis · Valsts informācijas sistēmu savietotājs (VISS)',
  intro:
    'Norādiet personas, kurām piešķirt piekļuvi e-pakalpojuma izstrādei vai testēšanai. ' +
    'Tukšās rindas netiek ņemtas vērā; katrā aizpildītajā rindā jāaizpilda visas ailes.',
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
        {
          kind: 'choice',
          name: 'environment',
          label: 'Vide',
          options: environmentOptions,
          selected: 'test',
        },
      ],
    },
    {
      heading: '2. Personas',
      items: [
        {
          kind: 'table',
          label: `Līdz ${MAX_PEOPLE_ROWS} personām. Loma: developer (izstrādātājs) vai tester (testētājs).`,
          rows: MAX_PEOPLE_ROWS,
          cellName: (row, column) => personCell(row, column as PeopleColumn),
          columns: [
            { name: 'name', label: 'Vārds', width: 0.14, maxLength: NAME_MAX },
            { name: 'surname', label: 'Uzvārds', width: 0.16, maxLength: NAME_MAX },
            { name: 'email', label: 'E-pasts', width: 0.24, maxLength: EMAIL_MAX },
            { name: 'organisation', label: 'Organizācija', width: 0.18, maxLength: NAME_MAX },
            {
              name: 'role',
              label: 'Loma',
              width: 0.13,
              maxLength: NAME_MAX,
              options: ACCESS_ROLES,
            },
            { name: 'validUntil', label: 'Derīga līdz', width: 0.15, maxLength: DATE_MAX },
          ],
        },
        {
          kind: 'note',
          text: 'Datumus rakstiet formā GGGG-MM-DD; piekļuvi piešķir ne ilgāk kā uz 3 gadiem.',
        },
      ],
    },
    { ...languageSection, heading: `3. ${languageSection.heading}` },
  ],
  closing: SIGN_AND_SEND,
};
