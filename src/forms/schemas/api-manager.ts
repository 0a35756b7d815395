import { z } from 'zod';
import {
  choice,
  DEFAULT_LANGUAGE,
  ENVIRONMENTS,
  LANGUAGES,
  type Environment,
  type Language,
} from '../fields/choice.js';
import { email } from '../fields/email.js';
import { eserviceIdentifier } from '../fields/identifier.js';
import { phone } from '../fields/phone.js';
import { regNo } from '../fields/reg-no.js';
import { specificationRef, type SpecificationRef } from '../fields/specification-ref.js';
import { text } from '../fields/text.js';
import { apiVersion } from '../fields/version.js';
import { required, withDefault } from '../fields/zod-field.js';
import { formSchema } from '../form-schema.js';
import type { SchemaOptions } from '../form-values.js';
import { DESCRIPTION_MAX, NAME_MAX } from '../limits.js';
import type { ContactWithoutPosition } from './contact.js';

/** P1 step 4: an API to be published through the VISS API Manager. */
export type ApiManagerData = {
  eserviceId: string;
  institutionRegNo: string;
  apiName: string;
  /** `1`, `1.2` or `1.2.3`. */
  apiVersion: string;
  apiDescription: string;
  specificationRef: SpecificationRef;
  environment: Environment;
  publisher: ContactWithoutPosition;
  language: Language;
};

export function apiManagerSchema(options: SchemaOptions) {
  return formSchema(
    {
      fields: z.object({
        eserviceId: required(eserviceIdentifier(options.identifierPattern)),
        institutionRegNo: required(regNo),
        apiName: required(text({ max: NAME_MAX })),
        apiVersion: required(apiVersion),
        apiDescription: required(text({ max: DESCRIPTION_MAX, multiline: true })),
        specificationRef: required(specificationRef),
        environment: required(choice(ENVIRONMENTS)),
        publisherName: required(text({ max: NAME_MAX })),
        publisherEmail: required(email),
        publisherPhone: required(phone),
        language: withDefault(choice(LANGUAGES), DEFAULT_LANGUAGE),
      }),
    },
    ({ fields: f }): ApiManagerData => ({
      eserviceId: f.eserviceId,
      institutionRegNo: f.institutionRegNo,
      apiName: f.apiName,
      apiVersion: f.apiVersion,
      apiDescription: f.apiDescription,
      specificationRef: f.specificationRef,
      environment: f.environment,
      publisher: { name: f.publisherName, email: f.publisherEmail, phone: f.publisherPhone },
      language: f.language,
    }),
  );
}
