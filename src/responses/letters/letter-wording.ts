import type { AnswerKind } from '../../cases/case-types.js';
import type { LetterBlock } from './letter-model.js';
import type { CappedList } from './letter-data.js';
import type { LetterValues } from './letter-values.js';
import type { CalendarDate } from './riga-date.js';

/**
 * Everything a letter says in one language. Each language is one file (latvian.ts,
 * english.ts) that reads as the letters read, so a translator or a lawyer reviews one file;
 * this interface makes sure neither language misses a letter.
 */

/** The values the mail subject line names, cut to the subject's shorter limit. */
export interface SubjectValues {
  identifier: string | null;
  actNumber: string | null;
  webService: string | null;
}

export interface LetterWording {
  /** BCP 47 tag for the PDF's /Lang. */
  languageTag: string;
  header: {
    date: string;
    caseNumber: string;
    recipient: string;
    inReplyTo: string;
    messageId: string;
  };
  /** The letter's own date, in words. */
  letterDate(date: CalendarDate): string;
  /** The message answered: its subject and the date it arrived. */
  inReplyTo(subject: string | null, received: CalendarDate | null): string;
  pageLabel(page: number, pages: number): string;
  footer(caseNumber: string): string;
  /** Closing lines: how the letter is sealed, how to answer. */
  closing(agencyName: string, caseNumber: string): string[];
  /** The mail subject: what happened, then the case number. */
  subject(kind: AnswerKind, values: SubjectValues, caseNumber: string): string;
  title: Readonly<Record<AnswerKind, string>>;
  body: Readonly<Record<AnswerKind, (values: LetterValues) => LetterBlock[]>>;
}

/** A capped list as bullets, the last one saying how many were left out. */
export function bullets(list: CappedList<string>, more: (count: number) => string): LetterBlock {
  return {
    kind: 'bullets',
    items: list.more > 0 ? [...list.items, more(list.more)] : list.items,
  };
}
