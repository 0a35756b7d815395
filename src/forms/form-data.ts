import type { AcceptanceActData } from './schemas/acceptance-act.js';
import type { AccessRightsData } from './schemas/access-rights.js';
import type { ApiManagerData } from './schemas/api-manager.js';
import type { EserviceRegistrationData } from './schemas/eservice-registration.js';
import type { ProductionRequestData } from './schemas/production-request.js';
import type { FormType } from './form-types.js';

/**
 * The validated data of each form type: what the procedures work with. The data types are type
 * aliases rather than interfaces so that they stay assignable to `Record<string, unknown>`, the
 * shape in which the pipeline stores them as JSON.
 */
export interface FormDataByType {
  'eservice-registration': EserviceRegistrationData;
  'access-rights': AccessRightsData;
  'api-manager': ApiManagerData;
  'production-request': ProductionRequestData;
  'acceptance-act': AcceptanceActData;
}

/** The validated data of one form type. */
export type FormData<T extends FormType = FormType> = FormDataByType[T];
