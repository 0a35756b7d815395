/** Raw AcroForm values by fully qualified field name: text → string, checkbox → boolean. */
export type FormValues = Record<string, string | boolean>;

/** One thing wrong with a form, for the refusal letter and the staff page. */
export interface FormProblem {
  /** The AcroForm field name (`institutionRegNo`, `person3.email`), a table row (`person3`) or a group (`vissComponents`, `people`). */
  field: string;
  /** Plain English, without the field name: "must be exactly 11 digits". */
  message: string;
}

/** What a schema needs besides the values: the rules that depend on the day and the agency's settings. */
export interface SchemaOptions {
  /** The day the form is judged on (YYYY-MM-DD), e.g. the day it arrived: dates "in the past" are before it. */
  today: string;
  /** Overrides the e-service identifier format (default `DEFAULT_IDENTIFIER_PATTERN`). */
  identifierPattern?: RegExp;
}
