/**
 * The forms the agency publishes, by the id written into each form's hidden `formType` field.
 * The id and the version together say which template and which schema a filled form belongs to.
 */
export const FORM_TYPES = [
  'eservice-registration',
  'access-rights',
  'api-manager',
  'production-request',
  'acceptance-act',
] as const;

export type FormType = (typeof FORM_TYPES)[number];

/**
 * The template version written into each form's hidden `formVersion` field. Raise it when a
 * field is added, removed or changes meaning, so a form filled on an old template is recognised
 * (and refused or migrated) instead of being read against the wrong schema.
 */
export const FORM_VERSIONS: Readonly<Record<FormType, number>> = Object.freeze({
  'eservice-registration': 1,
  'access-rights': 1,
  'api-manager': 1,
  'production-request': 1,
  'acceptance-act': 1,
});

/** The names of the two hidden, read-only fields every form carries. */
export const FORM_TYPE_FIELD = 'formType';
export const FORM_VERSION_FIELD = 'formVersion';

export function isFormType(value: unknown): value is FormType {
  return typeof value === 'string' && (FORM_TYPES as readonly string[]).includes(value);
}
