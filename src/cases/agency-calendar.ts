/**
 * The agency's calendar is Riga's: a form signed at 00:30 on 1 January local time belongs to the
 * new year (its identifier, its case number), and "today" for a planned launch date is Riga's
 * today, not UTC's, which lags by two or three hours.
 */
export const AGENCY_TIME_ZONE = 'Europe/Riga';

const format = new Intl.DateTimeFormat('en-CA', {
  timeZone: AGENCY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** YYYY-MM-DD in Riga. */
export function agencyDate(now: Date): string {
  return format.format(now);
}

export function agencyYear(now: Date): number {
  return Number(agencyDate(now).slice(0, 4));
}
