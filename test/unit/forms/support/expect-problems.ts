import { expect } from 'vitest';
import {
  validateForm,
  type FormProblem,
  type FormType,
  type FormValues,
  type SchemaOptions,
} from '../../../../src/forms/index.js';
import { OPTIONS } from './good-values.js';

/** The problems of a form that must fail; fails the test when the form passes. */
export function problemsOf(
  type: FormType,
  values: FormValues,
  options: SchemaOptions = OPTIONS,
): FormProblem[] {
  const result = validateForm(type, values, options);
  if (result.ok) expect.fail(`expected ${type} to be refused, but it passed`);
  return result.problems;
}

/** The one problem of a form that breaks one rule, asserting that it names `field`. */
export function onlyProblem(
  type: FormType,
  values: FormValues,
  field: string,
  options: SchemaOptions = OPTIONS,
): string {
  const problems = problemsOf(type, values, options);
  expect(problems.map((p) => p.field)).toEqual([field]);
  return problems[0]?.message ?? '';
}
