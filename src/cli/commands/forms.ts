import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../errors/index.js';
import {
  fillForm,
  FormFillError,
  isIsoDate,
  makeBlankForm,
  MAX_PEOPLE_ROWS,
  readForm,
  validateForm,
  type FormType,
  type FormValues,
} from '../../forms/index.js';

/** In the access-rights data file, `people` is a list of rows instead of `person1.name` etc. */
const PEOPLE_KEY = 'people';

const usage = (message: string): AppError => new AppError('CLI_USAGE', `forms: ${message}`);

function readInput(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw usage(
      `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

function writeOutput(file: string, bytes: Uint8Array): void {
  try {
    writeFileSync(file, bytes);
  } catch (error) {
    throw usage(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Turns library refusals of the caller's data (unknown field, wrong value) into usage errors. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FormFillError) throw usage(error.message);
    throw error;
  }
}

const isValue = (value: unknown): value is string | boolean =>
  typeof value === 'string' || typeof value === 'boolean';

/**
 * The values of a fill data file: an object of field name → text or true/false. For the
 * access-rights form, `people: [{ name, surname, … }]` fills the table rows in order.
 */
export function valuesFromJson(type: FormType, raw: unknown): FormValues {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw usage('the data file must hold a JSON object of field name → value');
  const values: FormValues = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === PEOPLE_KEY && type === 'access-rights') {
      if (!Array.isArray(value)) throw usage('"people" must be a list of rows');
      if (value.length > MAX_PEOPLE_ROWS)
        throw usage(`"people" has ${value.length} rows; the form has ${MAX_PEOPLE_ROWS}`);
      value.forEach((row: unknown, i) => {
        if (typeof row !== 'object' || row === null || Array.isArray(row))
          throw usage(`people[${i}] must be an object of column → text`);
        for (const [column, cell] of Object.entries(row)) {
          if (!isValue(cell)) throw usage(`people[${i}].${column} must be text`);
          values[`person${i + 1}.${column}`] = cell;
        }
      });
      continue;
    }
    if (!isValue(value)) throw usage(`field ${name} must be text or true/false`);
    values[name] = value;
  }
  return values;
}

export async function formsTemplateCommand(
  type: FormType,
  options: { out: string },
): Promise<void> {
  writeOutput(options.out, await asUsage(() => makeBlankForm(type)));
}

export async function formsFillCommand(
  type: FormType,
  options: { data: string; out: string },
): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(readInput(options.data, 'data file').toString('utf8'));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw usage(`${options.data} is not JSON: ${(error as Error).message}`);
  }
  const values = valuesFromJson(type, raw);
  writeOutput(options.out, await asUsage(() => fillForm(type, values)));
}

/**
 * Prints what the intake would read from a document and what the schema says about it.
 * Exit status: 0 for a valid form, untouched since signing; 1 otherwise (not a form, problems,
 * or fields changed after the signature).
 */
export async function formsReadCommand(
  file: string,
  options: { today?: string },
  write: (text: string) => void,
): Promise<number> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(today)) throw usage(`--today ${today} is not a YYYY-MM-DD date`);
  const bytes = new Uint8Array(readInput(file, 'document'));
  const reading = await readForm(file, bytes);
  const validation =
    reading.kind === 'form' ? validateForm(reading.formType, reading.values, { today }) : undefined;
  write(`${JSON.stringify({ file, reading, validation }, null, 2)}\n`);
  return reading.kind === 'form' &&
    validation?.ok === true &&
    reading.problems.length === 0 &&
    reading.changedAfterSigning.length === 0
    ? 0
    : 1;
}
