/**
 * The forms room: the agency's fillable PDF forms (templates with Latvian labels, drawn with
 * DejaVu Sans), reading their fields back out of mailed PDFs and ASiC-E containers — from the
 * signed revision only — and one zod schema per form type. Pure: bytes and values in, bytes,
 * readings and problems out.
 */
export {
  FORM_TYPES,
  FORM_VERSIONS,
  FORM_TYPE_FIELD,
  FORM_VERSION_FIELD,
  isFormType,
  type FormType,
} from './form-types.js';
export type { FormProblem, FormValues, SchemaOptions } from './form-values.js';
export type { FormData, FormDataByType } from './form-data.js';
export { validateForm, formSchemaOf, type FormValidation } from './validate-form.js';
export { FormFillError } from './form-fill-error.js';
export { makeBlankForm } from './pdf/make-blank-form.js';
export { fillForm, type FillOptions } from './pdf/fill-form.js';
export { makeAcceptanceAct } from './pdf/make-acceptance-act.js';
export { readForm } from './read/read-form.js';
export type { FormReading } from './read/form-reading.js';
export { MAX_FORM_FIELDS, MAX_FORM_FILE_BYTES, MAX_READ_VALUE_CHARS } from './read/read-limits.js';
export { fieldLabels } from './templates/field-labels.js';
export * from './limits.js';
export { DEFAULT_IDENTIFIER_PATTERN } from './fields/identifier.js';
export { isIsoDate } from './fields/iso-date.js';
export {
  ENVIRONMENTS,
  LANGUAGES,
  DEFAULT_LANGUAGE,
  type Environment,
  type Language,
} from './fields/choice.js';
export type { SpecificationRef } from './fields/specification-ref.js';
export type { Contact, ContactWithoutPosition } from './schemas/contact.js';
export {
  AUDIENCES,
  VISS_COMPONENTS,
  type Audience,
  type EserviceRegistrationData,
  type VissComponent,
} from './schemas/eservice-registration.js';
export {
  ACCESS_ROLES,
  PEOPLE_COLUMNS,
  personCell,
  type AccessPerson,
  type AccessRole,
  type PeopleColumn,
} from './schemas/people-table.js';
export type { AccessRightsData } from './schemas/access-rights.js';
export type { ApiManagerData } from './schemas/api-manager.js';
export {
  VISS_USES,
  type ProductionRequestData,
  type VissUse,
} from './schemas/production-request.js';
export {
  ACT_SIGNATURE_FIELDS,
  ACT_TEXT_FIELDS,
  type AcceptanceActData,
} from './schemas/acceptance-act.js';
