import type { FormType } from '../form-types.js';
import { acceptanceActTemplate } from './acceptance-act.js';
import { accessRightsTemplate } from './access-rights.js';
import { apiManagerTemplate } from './api-manager.js';
import { eserviceRegistrationTemplate } from './eservice-registration.js';
import { productionRequestTemplate } from './production-request.js';
import type { FormTemplate } from './template-spec.js';

export const TEMPLATES: Readonly<Record<FormType, FormTemplate>> = {
  'eservice-registration': eserviceRegistrationTemplate,
  'access-rights': accessRightsTemplate,
  'api-manager': apiManagerTemplate,
  'production-request': productionRequestTemplate,
  'acceptance-act': acceptanceActTemplate,
};
