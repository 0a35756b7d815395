import { z } from 'zod';
import { fail, ok, type FieldResult, type ValueParser } from './field-result.js';
import { presentValue } from './present-value.js';

/**
 * Turns the value parsers into zod schemas over one raw form value. Each schema reports at most
 * one problem per field, in plain English, and its message is what the refusal letter says.
 */

const NOT_TEXT = 'must be text or a check mark';
const REQUIRED = 'is required';

/** Reads a raw value with `parse`; `missing` decides what an empty field means. */
export function readValue<T>(
  raw: unknown,
  parse: ValueParser<T>,
  missing: () => FieldResult<T>,
): FieldResult<T> {
  const present = presentValue(raw);
  if (present.kind === 'missing') return missing();
  if (present.kind === 'invalid') return fail(NOT_TEXT);
  return parse(present.value);
}

function schema<T>(read: (raw: unknown) => FieldResult<T>) {
  // `.optional()` lets zod pass an absent key on to the transform (as undefined) instead of
  // reporting its own "expected nonoptional": what a missing value means is each field's rule.
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): T => {
      const result = read(raw);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    });
}

export const required = <T>(parse: ValueParser<T>, missing: string = REQUIRED) =>
  schema((raw) => readValue(raw, parse, () => fail<T>(missing)));

export const optional = <T>(parse: ValueParser<T>) =>
  schema((raw) => readValue<T | undefined>(raw, parse, () => ok(undefined)));

export const withDefault = <T>(parse: ValueParser<T>, fallback: T) =>
  schema((raw) => readValue(raw, parse, () => ok(fallback)));

/** A checkbox: an absent or empty value is unchecked, as viewers leave unticked boxes without /V. */
export const checkbox: ValueParser<boolean> = (value) =>
  typeof value === 'boolean' ? ok(value) : fail('must be checked or unchecked');
