import type { AnswerKind } from '../../cases/case-types.js';
import { bullets, type LetterWording, type SubjectValues } from './letter-wording.js';
import type { LetterBlock } from './letter-model.js';
import type { LetterValues } from './letter-values.js';
import type { CalendarDate } from './riga-date.js';

/** The letters in English, for institutions that ask for it on their form. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "5 March 2026". */
const longDate = (date: CalendarDate): string =>
  `${date.day} ${MONTHS[date.month - 1] ?? ''} ${date.year}`;

const quote = (text: string): string => `“${text}”`;
const NOT_GIVEN = '(not given)';
const or = (value: string | null): string => value ?? NOT_GIVEN;
const more = (count: number): string => `… and ${count} more, not listed here`;

const FORM_NAMES: Readonly<Record<string, string>> = {
  'eservice-registration': 'the e-service registration form',
  'access-rights': 'the access rights request form',
  'api-manager': 'the API Manager form',
  'production-request': 'the request to put a web service into production',
  'acceptance-act': 'the acceptance test act',
};
const formName = (type: string): string =>
  Object.hasOwn(FORM_NAMES, type) ? (FORM_NAMES[type] ?? type) : type;

const ROLES: Readonly<Record<string, string>> = { developer: 'developer', tester: 'tester' };
const ENVIRONMENTS: Readonly<Record<string, string>> = {
  test: 'test environment',
  production: 'production environment',
};
const named = (names: Readonly<Record<string, string>>, value: string | null): string =>
  value === null ? NOT_GIVEN : Object.hasOwn(names, value) ? (names[value] ?? value) : value;

const paragraph = (text: string): LetterBlock => ({ kind: 'paragraph', text });
const forEservice = (id: string | null): string => (id === null ? '' : ` ${id}`);
const webService = (name: string | null): string => (name === null ? '' : ` ${quote(name)}`);
const SIGN_AND_SEND =
  "sign it with a secure electronic signature with a timestamp and send it to the agency's e-address";

const TITLE: Readonly<Record<AnswerKind, string>> = {
  'registration-confirmed': 'E-service registered',
  'access-granted': 'Access rights granted',
  refusal: 'Refusal',
  'waiting-for-second-form': 'Waiting for the second form',
  reminder: 'Reminder: a form is still missing',
  nonconformity: 'Notice of nonconformity',
  'acceptance-act': 'Acceptance test act',
  'production-registered': 'Web service registered in the production IS catalogue',
  'installation-done': 'Web service installed in production',
  'ticket-acknowledgement': 'Support request registered',
};

function subject(kind: AnswerKind, v: SubjectValues, caseNumber: string): string {
  const what = (value: string | null): string => `${TITLE[kind]}${value ? `: ${value}` : ''}`;
  const summaries: Record<AnswerKind, string> = {
    'registration-confirmed': v.identifier ? `${v.identifier} registered` : TITLE[kind],
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
  return `${summaries[kind]} — case ${caseNumber}`;
}

const missingForms = (v: LetterValues): LetterBlock =>
  bullets({ items: v.missing.items.map(formName), more: v.missing.more }, more);

const BODY: LetterWording['body'] = {
  'registration-confirmed': (v) => [
    paragraph(
      'Your e-service has been registered on the State Information Systems Interoperability ' +
        'Platform (VISS) and given an identifier.',
    ),
    {
      kind: 'facts',
      rows: [
        ['E-service', or(v.eserviceName)],
        ['Identifier', or(v.identifier)],
        [
          "The agency's implementation contact person",
          [v.contactPerson?.name, v.contactPerson?.email].filter(Boolean).join(', ') || NOT_GIVEN,
        ],
      ],
    },
    paragraph(
      `Next step: please fill in ${formName('access-rights')} and ${formName('api-manager')}, ` +
        `quoting the e-service identifier${forEservice(v.identifier)}, sign both with a secure ` +
        "electronic signature with a timestamp and send them to the agency's e-address.",
    ),
  ],
  'access-granted': (v) => [
    paragraph(
      `As stated in your forms, the following access rights have been granted for the e-service` +
        `${forEservice(v.identifier)}:`,
    ),
    v.grants.items.length === 0
      ? paragraph('The form names no person.')
      : {
          kind: 'table',
          columns: [
            { label: 'Name', width: 0.22 },
            { label: 'E-mail', width: 0.24 },
            { label: 'Organisation', width: 0.18 },
            { label: 'Role', width: 0.11 },
            { label: 'Environment', width: 0.13 },
            { label: 'Valid until', width: 0.12 },
          ],
          rows: v.grants.items.map((g) => [
            or(g.name),
            or(g.email),
            or(g.organisation),
            named(ROLES, g.role),
            named(ENVIRONMENTS, g.environment),
            or(g.validUntil),
          ]),
        },
    ...(v.grants.more > 0 ? [paragraph(more(v.grants.more))] : []),
    ...(v.api === null
      ? []
      : [
          paragraph('The API publication in the API Manager has been recorded:'),
          {
            kind: 'facts' as const,
            rows: [
              ['API', or(v.api.name)],
              ['Version', or(v.api.version)],
              ['Environment', named(ENVIRONMENTS, v.api.environment)],
            ] as const,
          },
        ]),
  ],
  refusal: (v) => [
    paragraph('We cannot accept your submission, for the following reasons:'),
    v.reasons.items.length === 0
      ? paragraph('No reason was recorded; please contact the agency.')
      : bullets(v.reasons, more),
    ...(v.files.items.length === 0 ? [] : [paragraph('Files submitted:'), bullets(v.files, more)]),
    paragraph(
      'The validation report of each signed document submitted is attached to this letter.',
    ),
    paragraph('Please correct the problems listed and submit the documents again.'),
  ],
  'waiting-for-second-form': (v) => [
    paragraph(
      `We have received your form for access rights to the e-service${forEservice(v.identifier)}. ` +
        'Access rights are granted once both forms have arrived. Still missing:',
    ),
    missingForms(v),
    paragraph(
      `Please fill in the missing form, quoting the same e-service identifier, ${SIGN_AND_SEND}.`,
    ),
  ],
  reminder: (v) => [
    paragraph(
      `This is a reminder that, to grant access rights to the e-service${forEservice(v.identifier)}, ` +
        'we are still waiting for:',
    ),
    missingForms(v),
    paragraph(
      'Access rights cannot be granted until the form arrives. ' +
        `Please fill it in, ${SIGN_AND_SEND}.`,
    ),
  ],
  nonconformity: (v) => [
    paragraph(v.contactName === null ? 'Hello,' : `Dear ${v.contactName},`),
    paragraph(
      `While checking your request to put the web service${webService(v.webService)} into ` +
        'production we found the following nonconformities:',
    ),
    v.problems.items.length === 0
      ? paragraph('No nonconformity was recorded; please contact the agency.')
      : bullets(v.problems, more),
    paragraph(
      'Please correct them and send a corrected request to the support mailbox. ' +
        'The corrected request is handled in this same case.',
    ),
  ],
  'acceptance-act': (v) => [
    paragraph(
      `Attached is the acceptance test act${v.actNumber === null ? '' : ` No. ${v.actNumber}`} ` +
        `for the web service${webService(v.webService)}. It contains a summary of the audit ` +
        'records collected in the test environment and is sealed electronically by the agency.',
    ),
    paragraph(
      'Please sign the act, without changing it, with a secure electronic signature with a ' +
        'timestamp and send it back. A changed act cannot be accepted. Once the signed act ' +
        'arrives, the web service is registered in the VISS production IS catalogue.',
    ),
  ],
  'production-registered': (v) => [
    paragraph(
      `The web service${webService(v.webService)} has been registered in the VISS production ` +
        'IS catalogue.',
    ),
    ...(v.identifier === null
      ? []
      : [
          {
            kind: 'facts' as const,
            rows: [['Identifier in the IS catalogue', v.identifier] as const],
          },
        ]),
    ...(v.installationPending === null
      ? []
      : [
          paragraph(
            v.installationPending
              ? 'The web service is still to be installed in production; we will tell you ' +
                  'separately when the installation is done.'
              : 'Installation in production was not requested, so the case is closed.',
          ),
        ]),
  ],
  'installation-done': (v) => [
    paragraph(
      `The web service${webService(v.webService)} has been installed in the VISS production ` +
        'environment. The case is closed.',
    ),
  ],
  'ticket-acknowledgement': (v) => [
    paragraph(
      `Your support request ${v.subject === null ? 'without a subject' : quote(v.subject)} ` +
        `has been registered under case number ${v.caseNumber}. We will answer as soon as possible.`,
    ),
    ...(v.problems.items.length === 0
      ? []
      : [
          paragraph('Some attachments could not be read as they arrived:'),
          bullets(v.problems, more),
        ]),
    paragraph('Please keep the case number in the subject of any further messages.'),
  ],
};

export const ENGLISH: LetterWording = {
  languageTag: 'en-GB',
  header: {
    date: 'Date',
    caseNumber: 'Case no.',
    recipient: 'To',
    inReplyTo: 'In reply to',
    messageId: 'Message-ID',
  },
  letterDate: longDate,
  inReplyTo: (subjectLine, received) =>
    `your e-mail${received === null ? '' : ` of ${longDate(received)}`}` +
    (subjectLine === null ? ' (no subject)' : `, ${quote(subjectLine)}`),
  pageLabel: (page, pages) => `Page ${page} of ${pages}`,
  footer: (caseNumber) => `Case ${caseNumber}`,
  closing: (agencyName, caseNumber) => [
    `If you have questions, reply to this e-mail and keep the case number ${caseNumber} in the subject.`,
    'This letter was prepared automatically.',
    `This document is sealed electronically by ${agencyName}.`,
  ],
  subject,
  title: TITLE,
  body: BODY,
};
