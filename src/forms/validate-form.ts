import type { z } from 'zod';
import type { FormDataByType } from './form-data.js';
import { problemsOf } from './form-schema.js';
import type { FormType } from './form-types.js';
import type { FormProblem, FormValues, SchemaOptions } from './form-values.js';
import { isIsoDate } from './fields/iso-date.js';
import { acceptanceActSchema } from './schemas/acceptance-act.js';
import { accessRightsSchema } from './schemas/access-rights.js';
import { apiManagerSchema } from './schemas/api-manager.js';
import { eserviceRegistrationSchema } from './schemas/eservice-registration.js';
import { productionRequestSchema } from './schemas/production-request.js';

export type FormValidation<T extends FormType = FormType> =
  { ok: true; data: FormDataByType[T] } | { ok: false; problems: FormProblem[] };

const SCHEMAS: { [T in FormType]: (options: SchemaOptions) => z.ZodType<FormDataByType[T]> } = {
  'eservice-registration': eserviceRegistrationSchema,
  'access-rights': accessRightsSchema,
  'api-manager': apiManagerSchema,
  'production-request': productionRequestSchema,
  'acceptance-act': acceptanceActSchema,
};

/** The zod schema of one form type for one day and identifier format. */
export function formSchemaOf<T extends FormType>(
  type: T,
  options: SchemaOptions,
): z.ZodType<FormDataByType[T]> {
  if (!isIsoDate(options.today))
    throw new RangeError(`SchemaOptions.today must be a YYYY-MM-DD date, got ${options.today}`);
  return SCHEMAS[type](options);
}

/**
 * Checks a form's raw values against its type's rules. Every problem is listed at once, each
 * naming its AcroForm field; the data comes back only when there is none. Never throws for bad
 * values; a malformed `options.today` is a bug of the caller and throws.
 */
export function validateForm<T extends FormType>(
  type: T,
  values: FormValues,
  options: SchemaOptions,
): FormValidation<T> {
  const result = formSchemaOf(type, options).safeParse(values);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, problems: problemsOf(result.error) };
}
