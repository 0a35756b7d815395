import { z } from 'zod';
import { choice, DEFAULT_LANGUAGE, LANGUAGES, yesNo, type Language } from '../fields/choice.js';
import { eAddress } from '../fields/e-address.js';
import { email } from '../fields/email.js';
import { notInPast } from '../fields/iso-date.js';
import { phone } from '../fields/phone.js';
import { regNo } from '../fields/reg-no.js';
import { text } from '../fields/text.js';
import { readValue, checkbox, optional, required, withDefault } from '../fields/zod-field.js';
import { ok } from '../fields/field-result.js';
import { crossFieldPart, formSchema } from '../form-schema.js';
import type { SchemaOptions } from '../form-values.js';
import { DESCRIPTION_MAX, LEGAL_BASIS_MAX, NAME_MAX, NOTE_MAX, POSITION_MAX } from '../limits.js';
import type { Contact } from './contact.js';

/** Who the e-service is for. */
export const AUDIENCES = ['residents', 'businesses', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The VISS building blocks an e-service can use; each is a checkbox `vissComponents.<id>`. */
export const VISS_COMPONENTS = [
  'authentication',
  'eAddress',
  'payments',
  'notifications',
  'dataExchange',
  'other',
] as const;
export type VissComponent = (typeof VISS_COMPONENTS)[number];

export const VISS_COMPONENTS_GROUP = 'vissComponents';
export const VISS_OTHER_TEXT_FIELD = 'vissComponents.otherText';

/** P1 step 2: an institution asks to register an e-service. */
export type EserviceRegistrationData = {
  institutionName: string;
  institutionRegNo: string;
  institutionEAddress: string;
  eserviceNameLv: string;
  eserviceNameEn?: string;
  description: string;
  legalBasis: string;
  audience: Audience;
  /** Whether the e-service is to be published on the national portal latvija.lv. */
  portalPlacement: boolean;
  portalPlacementNote?: string;
  plannedLaunchDate: string;
  /** At least one; `other` comes with `vissComponentsOther`. */
  vissComponents: VissComponent[];
  vissComponentsOther?: string;
  responsible: Contact;
  technical: Contact;
  language: Language;
};

const name = text({ max: NAME_MAX });
const position = text({ max: POSITION_MAX });
const otherText = text({ max: NOTE_MAX });

/** At least one component, and "other" only with a word on what it is. */
const vissComponentsPart = crossFieldPart((values, report) => {
  const chosen: VissComponent[] = [];
  for (const component of VISS_COMPONENTS) {
    const field = `${VISS_COMPONENTS_GROUP}.${component}`;
    const checked = readValue(values[field], checkbox, () => ok(false));
    if (!checked.ok) report(field, checked.message);
    else if (checked.value) chosen.push(component);
  }
  if (chosen.length === 0) report(VISS_COMPONENTS_GROUP, 'tick at least one VISS component');
  const other = readValue<string | undefined>(values[VISS_OTHER_TEXT_FIELD], otherText, () =>
    ok(undefined),
  );
  if (!other.ok) report(VISS_OTHER_TEXT_FIELD, other.message);
  else if (chosen.includes('other') && other.value === undefined)
    report(VISS_OTHER_TEXT_FIELD, 'is required when "other" is ticked: name the component');
  return {
    components: chosen,
    other: chosen.includes('other') && other.ok ? other.value : undefined,
  };
});

export function eserviceRegistrationSchema(options: SchemaOptions) {
  return formSchema(
    {
      fields: z.object({
        institutionName: required(name),
        institutionRegNo: required(regNo),
        institutionEAddress: required(eAddress),
        eserviceNameLv: required(name),
        eserviceNameEn: optional(name),
        description: required(text({ max: DESCRIPTION_MAX, multiline: true })),
        legalBasis: required(text({ max: LEGAL_BASIS_MAX, multiline: true })),
        audience: required(choice(AUDIENCES)),
        portalPlacement: required(yesNo, 'is required: answer yes or no'),
        portalPlacementNote: optional(text({ max: NOTE_MAX, multiline: true })),
        plannedLaunchDate: required(notInPast(options.today)),
        responsibleName: required(name),
        responsiblePosition: required(position),
        responsibleEmail: required(email),
        responsiblePhone: required(phone),
        technicalName: required(name),
        technicalPosition: required(position),
        technicalEmail: required(email),
        technicalPhone: required(phone),
        language: withDefault(choice(LANGUAGES), DEFAULT_LANGUAGE),
      }),
      vissComponents: vissComponentsPart,
    },
    ({ fields: f, vissComponents }): EserviceRegistrationData => ({
      institutionName: f.institutionName,
      institutionRegNo: f.institutionRegNo,
      institutionEAddress: f.institutionEAddress,
      eserviceNameLv: f.eserviceNameLv,
      ...(f.eserviceNameEn === undefined ? {} : { eserviceNameEn: f.eserviceNameEn }),
      description: f.description,
      legalBasis: f.legalBasis,
      audience: f.audience,
      portalPlacement: f.portalPlacement,
      ...(f.portalPlacementNote === undefined
        ? {}
        : { portalPlacementNote: f.portalPlacementNote }),
      plannedLaunchDate: f.plannedLaunchDate,
      vissComponents: vissComponents.components,
      ...(vissComponents.other === undefined ? {} : { vissComponentsOther: vissComponents.other }),
      responsible: {
        name: f.responsibleName,
        position: f.responsiblePosition,
        email: f.responsibleEmail,
        phone: f.responsiblePhone,
      },
      technical: {
        name: f.technicalName,
        position: f.technicalPosition,
        email: f.technicalEmail,
        phone: f.technicalPhone,
      },
      language: f.language,
    }),
  );
}
