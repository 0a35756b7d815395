import { AGENCY_TIME_ZONE } from '../../cases/agency-calendar.js';
import { AppError } from '../../errors/index.js';
import { parseIsoDate, type CalendarDate } from '../letters/riga-date.js';

/**
 * Report periods in the agency's time: a date is a whole day in Riga, whatever the server's zone.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const rigaClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: AGENCY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** How far Riga's wall clock is ahead of UTC at an instant, in milliseconds. */
function rigaOffset(at: number): number {
  const parts = rigaClock.formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - (at - (at % 1000));
}

/**
 * The instant a calendar day starts in Riga. Summer time changes at 03:00/04:00 there, never at
 * midnight, so the offset read a second time (at the first estimate) is the day's.
 */
export function rigaDayStart(date: CalendarDate): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const estimate = wall - rigaOffset(wall);
  return new Date(wall - rigaOffset(estimate));
}

function nextDay(date: CalendarDate): CalendarDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/**
 * A period bound: YYYY-MM-DD is a whole day in Riga (`--from` from its start, `--to` to its
 * end), an ISO date-time with a zone is that instant (`--to` exclusive).
 */
export function periodBound(value: string, bound: 'from' | 'to'): Date {
  const day = parseIsoDate(value);
  if (day !== null) return rigaDayStart(bound === 'from' ? day : nextDay(day));
  const instant = ISO_INSTANT.test(value) ? new Date(value) : null;
  if (instant === null || Number.isNaN(instant.getTime()))
    throw new AppError(
      'CLI_USAGE',
      `${bound} ${value} is neither a date (YYYY-MM-DD) nor an ISO date-time with a zone`,
    );
  return instant;
}
