import { z } from 'zod';
import { catalogueId } from '../fields/catalogue-id.js';
import { isoDate } from '../fields/iso-date.js';
import { regNo } from '../fields/reg-no.js';
import { text } from '../fields/text.js';
import { versionLabel } from '../fields/version.js';
import { required } from '../fields/zod-field.js';
import { formSchema } from '../form-schema.js';
import type { SchemaOptions } from '../form-values.js';
import {
  AUDIT_SUMMARY_MAX,
  CATALOGUE_ENTRY_MAX,
  NAME_MAX,
  REFERENCE_NUMBER_MAX,
} from '../limits.js';

/** The two empty signature fields of the act: the agency signs first, then the institution. */
export const ACT_SIGNATURE_FIELDS = ['agencySignature', 'institutionSignature'] as const;

/**
 * P2 step 3: the act by which the agency hands a web service over to production. The agency
 * makes it (`makeAcceptanceAct`); the institution returns it signed, and reading it back with
 * this schema confirms that what was signed is what the agency wrote.
 */
export type AcceptanceActData = {
  actNumber: string;
  caseNumber: string;
  institutionName: string;
  institutionRegNo: string;
  webServiceName: string;
  testCatalogueId: string;
  webServiceVersion: string;
  /** The service's entry in the IS catalogue, as it will appear in production. */
  catalogueEntry: string;
  /** Test-period audit: period, number of calls, error rate, consumers. Several lines. */
  auditSummary: string;
  agencyName: string;
  /** The act's date, YYYY-MM-DD. */
  date: string;
};

/** The act's text fields, in the order the template shows them; each is read-only. */
export const ACT_TEXT_FIELDS = [
  'actNumber',
  'caseNumber',
  'date',
  'agencyName',
  'institutionName',
  'institutionRegNo',
  'webServiceName',
  'testCatalogueId',
  'webServiceVersion',
  'catalogueEntry',
  'auditSummary',
] as const satisfies ReadonlyArray<keyof AcceptanceActData>;

const reference = text({ max: REFERENCE_NUMBER_MAX });
const name = text({ max: NAME_MAX });

/** The act has no rule that depends on the day: its date is whatever day the agency made it. */
export function acceptanceActSchema(_options: SchemaOptions) {
  return formSchema(
    {
      fields: z.object({
        actNumber: required(reference),
        caseNumber: required(reference),
        institutionName: required(name),
        institutionRegNo: required(regNo),
        webServiceName: required(name),
        testCatalogueId: required(catalogueId),
        webServiceVersion: required(versionLabel),
        catalogueEntry: required(text({ max: CATALOGUE_ENTRY_MAX, multiline: true })),
        auditSummary: required(text({ max: AUDIT_SUMMARY_MAX, multiline: true })),
        agencyName: required(name),
        date: required(isoDate),
      }),
    },
    ({ fields }): AcceptanceActData => fields,
  );
}
