import { FormFillError } from '../form-fill-error.js';
import { problemsOf } from '../form-schema.js';
import {
  acceptanceActSchema,
  ACT_TEXT_FIELDS,
  type AcceptanceActData,
} from '../schemas/acceptance-act.js';
import { fillForm } from './fill-form.js';

/**
 * The acceptance act for one case: the agency's text in read-only fields, and the empty
 * signature fields `agencySignature` and `institutionSignature`. The data is checked with the
 * act's own schema first, because an act the agency cannot read back as valid would be refused
 * when the institution returns it signed; invalid data is a bug of the caller and throws.
 */
export async function makeAcceptanceAct(data: AcceptanceActData): Promise<Uint8Array> {
  // Only the act's own fields: a caller's object may carry more (TypeScript allows it).
  const values = Object.fromEntries(ACT_TEXT_FIELDS.map((name) => [name, data[name]]));
  const checked = acceptanceActSchema({ today: data.date }).safeParse(values);
  if (!checked.success) {
    const problems = problemsOf(checked.error).map((p) => `${p.field} ${p.message}`);
    throw new FormFillError(`the acceptance act data is invalid: ${problems.join('; ')}`);
  }
  return fillForm('acceptance-act', values);
}
