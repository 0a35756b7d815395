import { fail, ok, type ValueParser } from './field-result.js';

/** One of a fixed set of export values (a radio group or a drop-down list). */
export function choice<const T extends string>(options: readonly T[]): ValueParser<T> {
  return (value) =>
    typeof value === 'string' && (options as readonly string[]).includes(value)
      ? ok(value as T)
      : fail(`must be one of: ${options.join(', ')}`);
}

export const LANGUAGES = ['lv', 'en'] as const;
/** The language the institution wants the agency's answer in. */
export type Language = (typeof LANGUAGES)[number];
/** Latvian unless asked otherwise: the agency's working language. */
export const DEFAULT_LANGUAGE: Language = 'lv';

export const ENVIRONMENTS = ['test', 'production'] as const;
/** The VISS environment a request is about. */
export type Environment = (typeof ENVIRONMENTS)[number];

export const YES_NO = ['yes', 'no'] as const;

/**
 * A yes/no question, written as a radio group (`yes`/`no`) or as a checkbox (checked = yes), so
 * that either widget can carry it without the schema caring.
 */
export const yesNo: ValueParser<boolean> = (value) => {
  if (typeof value === 'boolean') return ok(value);
  if (value === 'yes') return ok(true);
  if (value === 'no') return ok(false);
  return fail('must be yes or no');
};
