import fontkit from '@pdf-lib/fontkit';
import {
  PDFCheckBox,
  PDFDocument,
  PDFDropdown,
  PDFRadioGroup,
  PDFTextField,
  type PDFField,
} from 'pdf-lib';
import { FormFillError } from '../form-fill-error.js';
import type { FormType } from '../form-types.js';
import type { FormValues } from '../form-values.js';
import { dejaVuSansBytes } from './dejavu-font.js';
import { templateBytes } from './template-bytes.js';

export interface FillOptions {
  /** Flattening would turn the fields into page content and make the form unreadable: never. */
  flatten?: false;
}

function setValue(field: PDFField, name: string, value: string | boolean): void {
  const wrongType = (expected: string): FormFillError =>
    new FormFillError(`field ${name} takes ${expected}, not ${JSON.stringify(value)}`, name);
  if (field instanceof PDFTextField) {
    if (typeof value !== 'string') throw wrongType('text');
    // Filled forms serve as test and sample data, invalid ones included, and a hand-made PDF can
    // carry any length anyway: a value beyond /MaxLen drops the limit instead of failing.
    const max = field.getMaxLength();
    if (max !== undefined && value.length > max) field.setMaxLength(undefined);
    field.setText(value);
  } else if (field instanceof PDFCheckBox) {
    if (typeof value !== 'boolean') throw wrongType('true or false');
    if (value) field.check();
    else field.uncheck();
  } else if (field instanceof PDFRadioGroup || field instanceof PDFDropdown) {
    if (typeof value !== 'string') throw wrongType('one of its options');
    const options = field.getOptions();
    if (value === '') field.clear();
    else if (options.includes(value)) field.select(value);
    else throw wrongType(`one of ${options.join(', ')}`);
  } else {
    throw new FormFillError(
      `field ${name} cannot be filled (it is a ${field.constructor.name})`,
      name,
    );
  }
}

/**
 * Fills a form's template with raw values, without validating them: tests and samples need
 * invalid forms too. The hidden formType and formVersion can be overwritten for the same reason.
 * A field name the template does not have, or a value its field cannot hold, throws
 * `FormFillError`. Field appearances are drawn with DejaVu Sans, so Latvian values display.
 */
export async function fillForm(
  type: FormType,
  values: FormValues,
  _options: FillOptions = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await templateBytes(type), { updateMetadata: false });
  const form = doc.getForm();
  for (const [name, value] of Object.entries(values)) {
    const field = form.getFieldMaybe(name);
    if (field === undefined)
      throw new FormFillError(`the ${type} form has no field named ${name}`, name);
    setValue(field, name, value);
  }
  doc.registerFontkit(fontkit);
  // A subset with just the glyphs of the values: the whole font is already in the template.
  const font = await doc.embedFont(await dejaVuSansBytes(), { subset: true });
  form.updateFieldAppearances(font);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}
