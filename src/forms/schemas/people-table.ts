import { choice } from '../fields/choice.js';
import { email } from '../fields/email.js';
import { fail, ok, type FieldResult, type ValueParser } from '../fields/field-result.js';
import { addYears, isoDate } from '../fields/iso-date.js';
import { text } from '../fields/text.js';
import { readValue } from '../fields/zod-field.js';
import { crossFieldPart } from '../form-schema.js';
import { MAX_ACCESS_YEARS, MAX_PEOPLE_ROWS, NAME_MAX } from '../limits.js';

/** What a person may do in the VISS environment. */
export const ACCESS_ROLES = ['developer', 'tester'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

/** The columns of the table; a cell is the AcroForm field `person<row>.<column>`. */
export const PEOPLE_COLUMNS = [
  'name',
  'surname',
  'email',
  'organisation',
  'role',
  'validUntil',
] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];

export const PEOPLE_GROUP = 'people';
export const personRow = (row: number): string => `person${row}`;
export const personCell = (row: number, column: PeopleColumn): string =>
  `${personRow(row)}.${column}`;

export interface AccessPerson {
  /** The table row it was written in (1–10), for letters that refer back to the form. */
  row: number;
  name: string;
  surname: string;
  email: string;
  organisation: string;
  role: AccessRole;
  /** Last day of access, YYYY-MM-DD. */
  validUntil: string;
}

function validUntil(today: string): ValueParser<string> {
  const latest = addYears(today, MAX_ACCESS_YEARS);
  return (value) => {
    const date = isoDate(value);
    if (!date.ok) return date;
    if (date.value < today) return fail(`must not be in the past (today is ${today})`);
    if (date.value > latest)
      return fail(`must be at most ${MAX_ACCESS_YEARS} years ahead, i.e. ${latest} or earlier`);
    return ok(date.value);
  };
}

function cellParsers(today: string): Record<PeopleColumn, ValueParser<string>> {
  const name = text({ max: NAME_MAX });
  return {
    name,
    surname: name,
    email,
    organisation: name,
    role: choice(ACCESS_ROLES),
    validUntil: validUntil(today),
  };
}

/**
 * The people table of the access-rights form: empty rows are skipped (institutions leave gaps),
 * a row with some cells but not all is a problem naming the row, at least one person is needed,
 * and the same person may not be listed twice with the same role.
 */
export function peopleTablePart(today: string) {
  const parsers = cellParsers(today);
  return crossFieldPart((values, report): AccessPerson[] => {
    const people: AccessPerson[] = [];
    const seen = new Map<string, number>();
    let rowsUsed = 0;
    for (let row = 1; row <= MAX_PEOPLE_ROWS; row += 1) {
      const cells = new Map<PeopleColumn, FieldResult<string | undefined>>();
      for (const column of PEOPLE_COLUMNS)
        cells.set(
          column,
          readValue<string | undefined>(values[personCell(row, column)], parsers[column], () =>
            ok(undefined),
          ),
        );
      const missing = PEOPLE_COLUMNS.filter((column) => {
        const cell = cells.get(column);
        return cell?.ok === true && cell.value === undefined;
      });
      if (missing.length === PEOPLE_COLUMNS.length) continue;
      rowsUsed += 1;
      if (missing.length > 0)
        report(personRow(row), `row ${row} is only partly filled: missing ${missing.join(', ')}`);
      let complete = missing.length === 0;
      for (const [column, cell] of cells) {
        if (cell.ok) continue;
        report(personCell(row, column), cell.message);
        complete = false;
      }
      if (!complete) continue;
      const cell = (column: PeopleColumn): string => {
        const result = cells.get(column);
        return result?.ok === true && result.value !== undefined ? result.value : '';
      };
      const person: AccessPerson = {
        row,
        name: cell('name'),
        surname: cell('surname'),
        email: cell('email'),
        organisation: cell('organisation'),
        role: cell('role') as AccessRole,
        validUntil: cell('validUntil'),
      };
      // Mail systems treat addresses case-insensitively, so must the duplicate check.
      const key = `${person.email.toLowerCase()}\u0000${person.role}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        report(
          personRow(row),
          `repeats row ${earlier}: the same e-mail address with the same role`,
        );
      else seen.set(key, row);
      people.push(person);
    }
    if (rowsUsed === 0) report(PEOPLE_GROUP, 'list at least one person');
    return people;
  });
}
