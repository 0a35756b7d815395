import { z } from 'zod';
import {
  choice,
  DEFAULT_LANGUAGE,
  ENVIRONMENTS,
  LANGUAGES,
  type Environment,
  type Language,
} from '../fields/choice.js';
import { eserviceIdentifier } from '../fields/identifier.js';
import { regNo } from '../fields/reg-no.js';
import { required, withDefault } from '../fields/zod-field.js';
import { formSchema } from '../form-schema.js';
import type { SchemaOptions } from '../form-values.js';
import { peopleTablePart, type AccessPerson } from './people-table.js';

/** P1 step 4: who gets access to the e-service's VISS environment. */
export type AccessRightsData = {
  eserviceId: string;
  institutionRegNo: string;
  /** Test unless production is asked for: production access is the exception. */
  environment: Environment;
  /** In table order, empty rows left out; never empty. */
  people: AccessPerson[];
  language: Language;
};

export function accessRightsSchema(options: SchemaOptions) {
  return formSchema(
    {
      fields: z.object({
        eserviceId: required(eserviceIdentifier(options.identifierPattern)),
        institutionRegNo: required(regNo),
        environment: withDefault(choice(ENVIRONMENTS), 'test'),
        language: withDefault(choice(LANGUAGES), DEFAULT_LANGUAGE),
      }),
      people: peopleTablePart(options.today),
    },
    ({ fields, people }): AccessRightsData => ({ ...fields, people }),
  );
}
