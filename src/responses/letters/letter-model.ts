/**
 * A letter as content, before it is laid out: the PDF and the plain-text mail body are both
 * drawn from the same model, so they say the same thing.
 */

export type LetterLanguage = 'lv' | 'en';

/** Where and when a letter is written, and what it answers. */
export interface LetterContext {
  /** The letterhead, e.g. 'Valsts reģionālās attīstības aģentūra'. */
  agencyName: string;
  caseNumber: string;
  /** The letter's date; only the calendar date in Europe/Riga is printed. */
  date: Date;
  /** The e-mail address the letter goes to. */
  recipient: string;
  /** The incoming message the letter answers, when there is one. */
  inReplyTo?: {
    subject: string | null;
    receivedAt?: Date | null;
    messageId?: string | null;
  };
}

/** One label and its value, as in the letter's header or a short list of facts. */
export type LabelledValue = readonly [label: string, value: string];

export type LetterBlock =
  | { kind: 'paragraph'; text: string }
  /** A bulleted list; a last item may say how many were left out. */
  | { kind: 'bullets'; items: readonly string[] }
  | { kind: 'facts'; rows: readonly LabelledValue[] }
  /** Columns with relative widths (summing to 1); each row has one cell per column. */
  | {
      kind: 'table';
      columns: ReadonlyArray<{ label: string; width: number }>;
      rows: ReadonlyArray<readonly string[]>;
    };

export interface LetterModel {
  language: LetterLanguage;
  /** BCP 47 tag for the PDF's /Lang. */
  languageTag: string;
  letterhead: string;
  title: string;
  /** Date, case number, recipient, the message answered. */
  header: readonly LabelledValue[];
  body: readonly LetterBlock[];
  closing: readonly string[];
  /** Printed at the foot of every page, left. */
  footer: string;
  /** "Lapa 1 no 3" / "Page 1 of 3". */
  pageLabel: (page: number, pages: number) => string;
}
