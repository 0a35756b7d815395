import type { FormType } from '../form-types.js';
import { TEMPLATES } from '../templates/index.js';
import { drawTemplate } from './draw-template.js';

/**
 * Each template is drawn once per process: drawing embeds and compresses the whole font (about
 * half a second), and the result depends on nothing but the code. Callers get their own copy.
 */
const drawn = new Map<FormType, Promise<Uint8Array>>();

export async function templateBytes(type: FormType): Promise<Uint8Array> {
  let bytes = drawn.get(type);
  if (bytes === undefined) {
    bytes = drawTemplate(TEMPLATES[type]);
    drawn.set(type, bytes);
    // A failure (a missing font file) is not remembered: the next call tries again.
    bytes.catch(() => drawn.delete(type));
  }
  return (await bytes).slice();
}
