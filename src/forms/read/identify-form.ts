import {
  FORM_TYPE_FIELD,
  FORM_VERSION_FIELD,
  FORM_VERSIONS,
  isFormType,
  type FormType,
} from '../form-types.js';
import type { FormValues } from '../form-values.js';

export type FormIdentity =
  | { kind: 'form'; formType: FormType; formVersion: number }
  | { kind: 'not-a-form'; reason: string };

/** Which of the agency's forms the values come from, by the hidden formType and formVersion fields. */
export function identifyForm(values: FormValues): FormIdentity {
  const type = values[FORM_TYPE_FIELD];
  if (typeof type !== 'string' || type.trim() === '')
    return {
      kind: 'not-a-form',
      reason: `the PDF has no ${FORM_TYPE_FIELD} field: it is not one of the agency's forms`,
    };
  const formType = type.trim();
  if (!isFormType(formType))
    return {
      kind: 'not-a-form',
      reason: `unknown form type ${JSON.stringify(formType.slice(0, 64))}`,
    };
  const version = values[FORM_VERSION_FIELD];
  const expected = FORM_VERSIONS[formType];
  if (typeof version !== 'string' || version.trim() !== String(expected))
    return {
      kind: 'not-a-form',
      reason: `version ${JSON.stringify(String(version ?? '').slice(0, 16))} of the ${formType} form is not supported (expected ${expected})`,
    };
  return { kind: 'form', formType, formVersion: expected };
}
