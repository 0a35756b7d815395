/**
 * Letters: every answer the procedures queue, written out as a PDF letter (sealed later by
 * `sealPdf`), a plain-text mail body with the same content, and a subject line. Pure: data
 * in, bytes and text out; the same input gives the same bytes.
 */
import type { AnswerKind } from '../../cases/case-types.js';
import { composeLetter, composeSubject } from './compose-letter.js';
import type { LetterContext, LetterLanguage } from './letter-model.js';
import { renderPdf } from './render-pdf.js';
import { renderText } from './render-text.js';

export type { LetterContext, LetterLanguage } from './letter-model.js';
export {
  MAX_LIST_CHARS,
  MAX_LIST_ITEMS,
  MAX_SUBJECT_VALUE_CHARS,
  MAX_TABLE_CELL_CHARS,
  MAX_VALUE_CHARS,
} from './letter-limits.js';
export { LETTER_CREATOR, LETTER_PRODUCER } from './render-pdf.js';

/**
 * The letter for one answer as an unsealed PDF (A4, DejaVu Sans embedded). Latvian unless
 * `language` is 'en'. Rejects for an answer kind that has no letter and for an invalid date.
 */
export async function renderLetter(
  kind: AnswerKind,
  language: LetterLanguage,
  data: Record<string, unknown>,
  context: LetterContext,
): Promise<Uint8Array> {
  return await renderPdf(composeLetter(kind, language, data, context), context.date);
}

/** The mail subject line, e.g. "EP-2026-00042 reģistrēts — lieta P1-2026-00001". */
export function letterSubject(
  kind: AnswerKind,
  language: LetterLanguage,
  data: Record<string, unknown>,
  caseNumber: string,
): string {
  return composeSubject(kind, language, data, caseNumber);
}

/** The letter as plain text, for the mail body. */
export function letterText(
  kind: AnswerKind,
  language: LetterLanguage,
  data: Record<string, unknown>,
  context: LetterContext,
): string {
  return renderText(composeLetter(kind, language, data, context));
}
