import type { AnswerKind } from '../../cases/case-types.js';
import { printable } from './clean-text.js';
import { ENGLISH } from './english.js';
import { LATVIAN } from './latvian.js';
import { textAt, type DataRecord } from './letter-data.js';
import { MAX_SUBJECT_VALUE_CHARS, MAX_VALUE_CHARS } from './letter-limits.js';
import type { LabelledValue, LetterContext, LetterLanguage, LetterModel } from './letter-model.js';
import { readLetterValues } from './letter-values.js';
import type { LetterWording } from './letter-wording.js';
import { rigaDate } from './riga-date.js';

/** Latvian unless English is asked for: the agency answers in Latvian by default. */
export function wordingFor(language: LetterLanguage): LetterWording {
  return language === 'en' ? ENGLISH : LATVIAN;
}

/** The kind comes through the outbox as a string: an unknown one is a bug, not a letter. */
function checkKind(wording: LetterWording, kind: AnswerKind): void {
  if (!Object.hasOwn(wording.title, kind))
    throw new TypeError(`there is no letter for the answer kind ${JSON.stringify(kind)}`);
}

function header(wording: LetterWording, context: LetterContext, caseNumber: string) {
  const date = rigaDate(context.date);
  if (date === null) throw new RangeError('the letter date is not a valid date');
  const rows: LabelledValue[] = [
    [wording.header.date, wording.letterDate(date)],
    [wording.header.caseNumber, caseNumber],
    [wording.header.recipient, printable(context.recipient, MAX_VALUE_CHARS) ?? ''],
  ];
  const reply = context.inReplyTo;
  if (reply !== undefined) {
    // Only a real Date: a date that came through JSON as a string is better left out than wrong.
    const received = reply.receivedAt instanceof Date ? rigaDate(reply.receivedAt) : null;
    rows.push([
      wording.header.inReplyTo,
      wording.inReplyTo(printable(reply.subject, MAX_VALUE_CHARS), received),
    ]);
    const messageId = printable(reply.messageId, MAX_VALUE_CHARS);
    if (messageId !== null) rows.push([wording.header.messageId, messageId]);
  }
  return rows;
}

/** The letter for one answer, as content: what it says, before it is laid out. */
export function composeLetter(
  kind: AnswerKind,
  language: LetterLanguage,
  data: DataRecord,
  context: LetterContext,
): LetterModel {
  const wording = wordingFor(language);
  checkKind(wording, kind);
  const caseNumber = printable(context.caseNumber, MAX_VALUE_CHARS) ?? '';
  const agencyName = printable(context.agencyName, MAX_VALUE_CHARS) ?? '';
  return {
    language: language === 'en' ? 'en' : 'lv',
    languageTag: wording.languageTag,
    letterhead: agencyName,
    title: wording.title[kind],
    header: header(wording, context, caseNumber),
    body: wording.body[kind](readLetterValues(data, caseNumber)),
    closing: wording.closing(agencyName, caseNumber),
    footer: wording.footer(caseNumber),
    pageLabel: wording.pageLabel,
  };
}

/** The mail subject line: what happened, then the case number. One line, short values. */
export function composeSubject(
  kind: AnswerKind,
  language: LetterLanguage,
  data: DataRecord,
  caseNumber: string,
): string {
  const wording = wordingFor(language);
  checkKind(wording, kind);
  const value = (key: string): string | null => textAt(data, key, MAX_SUBJECT_VALUE_CHARS);
  return wording.subject(
    kind,
    {
      identifier: value('identifier'),
      actNumber: value('actNumber'),
      webService: value('webService'),
    },
    printable(caseNumber, MAX_SUBJECT_VALUE_CHARS) ?? '',
  );
}
