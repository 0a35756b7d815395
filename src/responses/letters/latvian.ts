import type { AnswerKind } from '../../cases/case-types.js';
import { isFormType } from '../../forms/form-types.js';
import { TEMPLATES } from '../../forms/templates/index.js';
import { bullets, type LetterWording, type SubjectValues } from './letter-wording.js';
import type { LetterBlock } from './letter-model.js';
import type { LetterValues } from './letter-values.js';
import { pad2, parseIsoDate, type CalendarDate } from './riga-date.js';

/** The letters in Latvian, the default language of every answer. */

const MONTHS = [
  ['janvāris', 'janvāra'],
  ['februāris', 'februāra'],
  ['marts', 'marta'],
  ['aprīlis', 'aprīļa'],
  ['maijs', 'maija'],
  ['jūnijs', 'jūnija'],
  ['jūlijs', 'jūlija'],
  ['augusts', 'augusta'],
  ['septembris', 'septembra'],
  ['oktobris', 'oktobra'],
  ['novembris', 'novembra'],
  ['decembris', 'decembra'],
] as const;

const month = (date: CalendarDate, form: 0 | 1): string => MONTHS[date.month - 1]?.[form] ?? '';
/** "2026. gada 5. marts" (nominative) or "2026. gada 5. marta" (genitive). */
const longDate = (date: CalendarDate, form: 0 | 1): string =>
  `${date.year}. gada ${date.day}. ${month(date, form)}`;

const quote = (text: string): string => `„${text}”`;
const NOT_GIVEN = '(nav norādīts)';
const or = (value: string | null): string => value ?? NOT_GIVEN;

/** Numbers ending in 1 (but not 11) take the singular in Latvian. */
const singular = (count: number): boolean => count % 10 === 1 && count % 100 !== 11;
const more = (count: number): string =>
  singular(count)
    ? `… un vēl ${count} ieraksts, kas šeit nav uzskaitīts`
    : `… un vēl ${count} ieraksti, kas šeit nav uzskaitīti`;

/** The forms by the titles printed on them, so the institution knows which one is meant. */
function formName(type: string): string {
  return isFormType(type) ? quote(TEMPLATES[type].title) : type;
}

const ROLES: Readonly<Record<string, string>> = { developer: 'izstrādātājs', tester: 'testētājs' };
const ENVIRONMENTS: Readonly<Record<string, string>> = {
  test: 'testa vide',
  production: 'ražošanas vide',
};
const named = (names: Readonly<Record<string, string>>, value: string | null): string =>
  value === null ? NOT_GIVEN : Object.hasOwn(names, value) ? (names[value] ?? value) : value;

/** Dates the forms write as YYYY-MM-DD are printed the Latvian way, 01.03.2027. */
function dateValue(value: string | null): string {
  const date = value === null ? null : parseIsoDate(value);
  return date === null ? or(value) : `${pad2(date.day)}.${pad2(date.month)}.${date.year}.`;
}

const paragraph = (text: string): LetterBlock => ({ kind: 'paragraph', text });
const forEservice = (id: string | null): string => (id === null ? '' : ` ${id}`);
const webService = (name: string | null): string => (name === null ? '' : ` ${quote(name)}`);
const SIGN_AND_SEND =
  'parakstīt ar drošu elektronisko parakstu ar laika zīmogu un nosūtīt uz aģentūras e-adresi';

const TITLE: Readonly<Record<AnswerKind, string>> = {
  'registration-confirmed': 'E-pakalpojums reģistrēts',
  'access-granted': 'Piekļuves tiesības piešķirtas',
  refusal: 'Atteikums',
  'waiting-for-second-form': 'Gaidām otru veidlapu',
  reminder: 'Atgādinājums par trūkstošo veidlapu',
  nonconformity: 'Neatbilstības paziņojums',
  'acceptance-act': 'Akcepttestēšanas akts',
  'production-registered': 'Tīmekļa pakalpojums reģistrēts ražošanas vides IS katalogā',
  'installation-done': 'Tīmekļa pakalpojums uzstādīts ražošanas vidē',
  'ticket-acknowledgement': 'Konsultācijas pieteikums reģistrēts',
};

function subject(kind: AnswerKind, v: SubjectValues, caseNumber: string): string {
  const what = (value: string | null): string => `${TITLE[kind]}${value ? `: ${value}` : ''}`;
  const summaries: Record<AnswerKind, string> = {
    'registration-confirmed': v.identifier ? `${v.identifier} reģistrēts` : TITLE[kind],
    'access-granted': what(v.identifier),
    refusal: TITLE[kind],
    'waiting-for-second-form': what(v.identifier),
    reminder: v.identifier ? `${TITLE[kind]} (${v.identifier})` : TITLE[kind],
    nonconformity: what(v.webService),
    'acceptance-act': v.actNumber ? `${TITLE[kind]} ${v.actNumber}` : TITLE[kind],
    'production-registered': what(v.webService),
    'installation-done': what(v.webService),
    'ticket-acknowledgement': TITLE[kind],
  };
  return `${summaries[kind]} — lieta ${caseNumber}`;
}

const missingForms = (v: LetterValues): LetterBlock =>
  bullets({ items: v.missing.items.map(formName), more: v.missing.more }, more);

const BODY: LetterWording['body'] = {
  'registration-confirmed': (v) => [
    paragraph(
      'Jūsu e-pakalpojums ir reģistrēts Valsts informācijas sistēmu savietotājā (VISS), ' +
        'un tam ir piešķirts identifikators.',
    ),
    {
      kind: 'facts',
      rows: [
        ['E-pakalpojums', or(v.eserviceName)],
        ['Identifikators', or(v.identifier)],
        [
          'Aģentūras kontaktpersona ieviešanai',
          [v.contactPerson?.name, v.contactPerson?.email].filter(Boolean).join(', ') || NOT_GIVEN,
        ],
      ],
    },
    paragraph(
      `Nākamais solis: lūdzam aizpildīt veidlapas ${formName('access-rights')} un ` +
        `${formName('api-manager')}, norādot e-pakalpojuma identifikatoru${forEservice(v.identifier)}, ` +
        `tās ${SIGN_AND_SEND}.`,
    ),
  ],
  'access-granted': (v) => [
    paragraph(
      `Saskaņā ar Jūsu iesniegtajām veidlapām e-pakalpojumam${forEservice(v.identifier)} ` +
        'ir piešķirtas šādas piekļuves tiesības:',
    ),
    v.grants.items.length === 0
      ? paragraph('Veidlapā nav norādīta neviena persona.')
      : {
          kind: 'table',
          columns: [
            { label: 'Vārds, uzvārds', width: 0.22 },
            { label: 'E-pasts', width: 0.24 },
            { label: 'Organizācija', width: 0.18 },
            { label: 'Loma', width: 0.11 },
            { label: 'Vide', width: 0.11 },
            { label: 'Piekļuve līdz', width: 0.14 },
          ],
          rows: v.grants.items.map((g) => [
            or(g.name),
            or(g.email),
            or(g.organisation),
            named(ROLES, g.role),
            named(ENVIRONMENTS, g.environment),
            dateValue(g.validUntil),
          ]),
        },
    ...(v.grants.more > 0 ? [paragraph(more(v.grants.more))] : []),
    ...(v.api === null
      ? []
      : [
          paragraph('API publicēšana API pārvaldniekā ir reģistrēta:'),
          {
            kind: 'facts' as const,
            rows: [
              ['API', or(v.api.name)],
              ['Versija', or(v.api.version)],
              ['Vide', named(ENVIRONMENTS, v.api.environment)],
            ] as const,
          },
        ]),
  ],
  refusal: (v) => [
    paragraph('Jūsu iesniegumu nevaram pieņemt šādu iemeslu dēļ:'),
    v.reasons.items.length === 0
      ? paragraph('Iemesls nav norādīts; lūdzam sazināties ar aģentūru.')
      : bullets(v.reasons, more),
    ...(v.files.items.length === 0
      ? []
      : [paragraph('Iesniegtās datnes:'), bullets(v.files, more)]),
    paragraph(
      'Validācijas ziņojums par katru iesniegto parakstīto dokumentu ir pievienots šai vēstulei.',
    ),
    paragraph('Lūdzam novērst norādītos trūkumus un iesniegt dokumentus atkārtoti.'),
  ],
  'waiting-for-second-form': (v) => [
    paragraph(
      `Esam saņēmuši Jūsu veidlapu piekļuves tiesību piešķiršanai e-pakalpojumam${forEservice(v.identifier)}. ` +
        'Piekļuves tiesības piešķirsim, tiklīdz būs saņemtas abas veidlapas. Vēl nav saņemta:',
    ),
    missingForms(v),
    paragraph(
      `Lūdzam trūkstošo veidlapu aizpildīt, norādot to pašu e-pakalpojuma identifikatoru, ${SIGN_AND_SEND}.`,
    ),
  ],
  reminder: (v) => [
    paragraph(
      `Atgādinām, ka piekļuves tiesību piešķiršanai e-pakalpojumam${forEservice(v.identifier)} ` +
        'joprojām nav saņemta šāda veidlapa:',
    ),
    missingForms(v),
    paragraph(
      'Kamēr veidlapa nav saņemta, piekļuves tiesības nevar piešķirt. ' +
        `Lūdzam to aizpildīt, ${SIGN_AND_SEND}.`,
    ),
  ],
  nonconformity: (v) => [
    paragraph(v.contactName === null ? 'Labdien!' : `Labdien, ${v.contactName}!`),
    paragraph(
      `Pārbaudot Jūsu pieteikumu tīmekļa pakalpojuma${webService(v.webService)} ieviešanai ` +
        'ražošanas vidē, konstatējām šādas neatbilstības:',
    ),
    v.problems.items.length === 0
      ? paragraph('Neatbilstības nav norādītas; lūdzam sazināties ar aģentūru.')
      : bullets(v.problems, more),
    paragraph(
      'Lūdzam novērst neatbilstības un nosūtīt labotu pieteikumu uz atbalsta e-pastu. ' +
        'Labotais pieteikums tiks izskatīts šīs pašas lietas ietvaros.',
    ),
  ],
  'acceptance-act': (v) => [
    paragraph(
      `Pielikumā nosūtām tīmekļa pakalpojuma${webService(v.webService)} akcepttestēšanas aktu` +
        `${v.actNumber === null ? '' : ` Nr. ${v.actNumber}`}. Aktā ir iekļauts testa vidē ` +
        'savākto auditpierakstu kopsavilkums, un aģentūra to ir parakstījusi ar elektronisko zīmogu.',
    ),
    paragraph(
      'Lūdzam aktu, to nemainot, parakstīt ar drošu elektronisko parakstu ar laika zīmogu un ' +
        'nosūtīt atpakaļ. Mainītu aktu pieņemt nevaram. Kad parakstītais akts būs saņemts, ' +
        'tīmekļa pakalpojumu reģistrēsim VISS ražošanas vides IS katalogā.',
    ),
  ],
  'production-registered': (v) => [
    paragraph(
      `Tīmekļa pakalpojums${webService(v.webService)} ir reģistrēts VISS ražošanas vides IS katalogā.`,
    ),
    ...(v.identifier === null
      ? []
      : [
          { kind: 'facts' as const, rows: [['Identifikators IS katalogā', v.identifier] as const] },
        ]),
    ...(v.installationPending === null
      ? []
      : [
          paragraph(
            v.installationPending
              ? 'Tīmekļa pakalpojums vēl tiks uzstādīts ražošanas vidē; par uzstādīšanas ' +
                  'pabeigšanu Jūs informēsim atsevišķi.'
              : 'Uzstādīšana ražošanas vidē nav pieprasīta, tāpēc lieta ir pabeigta.',
          ),
        ]),
  ],
  'installation-done': (v) => [
    paragraph(
      `Tīmekļa pakalpojums${webService(v.webService)} ir uzstādīts VISS ražošanas vidē. ` +
        'Lieta ir pabeigta.',
    ),
  ],
  'ticket-acknowledgement': (v) => [
    paragraph(
      `Jūsu konsultācijas pieteikums ${v.subject === null ? 'bez temata' : quote(v.subject)} ` +
        `ir reģistrēts ar lietas numuru ${v.caseNumber}. Atbildēsim iespējami drīz.`,
    ),
    ...(v.problems.items.length === 0
      ? []
      : [
          paragraph('Daži pielikumi nebija nolasāmi tādi, kādi tie pienāca:'),
          bullets(v.problems, more),
        ]),
    paragraph('Turpmākajā sarakstē lūdzam saglabāt lietas numuru vēstules tematā.'),
  ],
};

export const LATVIAN: LetterWording = {
  languageTag: 'lv-LV',
  header: {
    date: 'Datums',
    caseNumber: 'Lietas Nr.',
    recipient: 'Adresāts',
    inReplyTo: 'Atbilde uz',
    messageId: 'Ziņojuma ID',
  },
  letterDate: (date) => longDate(date, 0),
  inReplyTo: (subjectLine, received) =>
    `Jūsu ${received === null ? '' : `${longDate(received, 1)} `}e-pasta vēstuli ` +
    (subjectLine === null ? 'bez temata' : quote(subjectLine)),
  pageLabel: (page, pages) => `Lappuse ${page} no ${pages}`,
  footer: (caseNumber) => `Lieta ${caseNumber}`,
  closing: (agencyName, caseNumber) => [
    `Ja Jums ir jautājumi, atbildiet uz šo e-pastu, saglabājot tematā lietas numuru ${caseNumber}.`,
    'Vēstule sagatavota automātiski.',
    `Dokuments ir elektroniski parakstīts ar elektronisko zīmogu; zīmoga radītājs — ${agencyName}.`,
  ],
  subject,
  title: TITLE,
  body: BODY,
};
