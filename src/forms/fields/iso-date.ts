import { DATE_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar day written as YYYY-MM-DD (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = year + years;
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(target, 4)}-${pad(month, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}

/** A calendar date as YYYY-MM-DD; ISO dates compare correctly as strings. */
export const isoDate: ValueParser<string> = andThen(text({ max: DATE_MAX }), (value) =>
  isIsoDate(value) ? ok(value) : fail('must be a date written as YYYY-MM-DD, e.g. 2026-03-31'),
);

/** A date on or after `today`. */
export const notInPast = (today: string): ValueParser<string> =>
  andThen(isoDate, (value) =>
    value < today ? fail(`must not be in the past (today is ${today})`) : ok(value),
  );
