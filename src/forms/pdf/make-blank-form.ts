import { FormFillError } from '../form-fill-error.js';
import type { FormType } from '../form-types.js';
import { templateBytes } from './template-bytes.js';

/**
 * The fillable template the agency publishes for `type`. The acceptance act is no template: the
 * agency writes it for one case, so it is made with `makeAcceptanceAct`.
 */
export async function makeBlankForm(type: FormType): Promise<Uint8Array> {
  if (type === 'acceptance-act')
    throw new FormFillError('the acceptance act has no blank form: use makeAcceptanceAct');
  return templateBytes(type);
}
