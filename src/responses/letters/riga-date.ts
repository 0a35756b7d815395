/**
 * The calendar date of an instant in Riga, where the agency is: a letter written at 23:30 UTC
 * on 31 December is dated 1 January. The time zone database comes with Node (Intl), so summer
 * time follows the same rules everywhere the code runs.
 */

export interface CalendarDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

const RIGA = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Riga',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** The date in Riga, or null for an invalid Date (or no Date at all). */
export function rigaDate(at: Date): CalendarDate | null {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) return null;
  const parts = RIGA.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD value as a calendar date, or null when it is not one. */
export function parseIsoDate(value: string): CalendarDate | null {
  const match = ISO_DATE.exec(value);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');
