import { z } from 'zod';
import { catalogueId } from '../fields/catalogue-id.js';
import { choice, DEFAULT_LANGUAGE, LANGUAGES, yesNo, type Language } from '../fields/choice.js';
import { email } from '../fields/email.js';
import { ok } from '../fields/field-result.js';
import { fileName } from '../fields/file-name.js';
import { phone } from '../fields/phone.js';
import { regNo } from '../fields/reg-no.js';
import { text } from '../fields/text.js';
import { versionLabel } from '../fields/version.js';
import { optional, readValue, required, withDefault } from '../fields/zod-field.js';
import { crossFieldPart, formSchema } from '../form-schema.js';
import type { SchemaOptions } from '../form-values.js';
import { NAME_MAX } from '../limits.js';
import type { ContactWithoutPosition } from './contact.js';

/** How a web service takes part in VISS. */
export const VISS_USES = ['eService', 'dataExchange', 'both'] as const;
export type VissUse = (typeof VISS_USES)[number];

/** P2 step 1: an institution asks to move a tested web service to production. */
export type ProductionRequestData = {
  institutionName: string;
  institutionRegNo: string;
  webServiceName: string;
  /** Its identifier in the test-environment IS catalogue. */
  testCatalogueId: string;
  webServiceVersion: string;
  usedInViss: boolean;
  /** Present exactly when `usedInViss`. */
  vissUse?: VissUse;
  deployToProduction: boolean;
  contact: ContactWithoutPosition;
  /** The name of the attached operation description, when one is named. */
  descriptionFileName?: string;
  language: Language;
};

const YES_OR_NO = 'is required: answer yes or no';

/**
 * The use is asked only when the service is used in VISS. When it is not, a chosen use is
 * ignored rather than refused: viewers cannot clear a radio group once a button is pressed, so
 * an institution that changed its answer could not fix the form.
 */
const vissUsePart = crossFieldPart((values, report) => {
  const used = readValue(values['usedInViss'], yesNo, () => ok(undefined));
  const use = readValue<VissUse | undefined>(values['vissUse'], choice(VISS_USES), () =>
    ok(undefined),
  );
  if (!used.ok || used.value !== true) return undefined;
  if (!use.ok) report('vissUse', use.message);
  else if (use.value === undefined)
    report('vissUse', 'is required when the web service is used in VISS');
  return use.ok ? use.value : undefined;
});

export function productionRequestSchema(_options: SchemaOptions) {
  return formSchema(
    {
      fields: z.object({
        institutionName: required(text({ max: NAME_MAX })),
        institutionRegNo: required(regNo),
        webServiceName: required(text({ max: NAME_MAX })),
        testCatalogueId: required(catalogueId),
        webServiceVersion: required(versionLabel),
        usedInViss: required(yesNo, YES_OR_NO),
        deployToProduction: required(yesNo, YES_OR_NO),
        contactName: required(text({ max: NAME_MAX })),
        contactEmail: required(email),
        contactPhone: required(phone),
        descriptionFileName: optional(fileName),
        language: withDefault(choice(LANGUAGES), DEFAULT_LANGUAGE),
      }),
      vissUse: vissUsePart,
    },
    ({ fields: f, vissUse }): ProductionRequestData => ({
      institutionName: f.institutionName,
      institutionRegNo: f.institutionRegNo,
      webServiceName: f.webServiceName,
      testCatalogueId: f.testCatalogueId,
      webServiceVersion: f.webServiceVersion,
      usedInViss: f.usedInViss,
      ...(vissUse === undefined ? {} : { vissUse }),
      deployToProduction: f.deployToProduction,
      contact: { name: f.contactName, email: f.contactEmail, phone: f.contactPhone },
      ...(f.descriptionFileName === undefined
        ? {}
        : { descriptionFileName: f.descriptionFileName }),
      language: f.language,
    }),
  );
}
