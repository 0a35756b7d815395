import {
  PDFCheckBox,
  PDFDocument,
  PDFDropdown,
  PDFName,
  PDFOptionList,
  PDFRadioGroup,
  PDFTextField,
  type PDFField,
} from 'pdf-lib';
import type { FormProblem, FormValues } from '../form-values.js';
import { MAX_FORM_FIELDS, MAX_READ_VALUE_CHARS } from './read-limits.js';

export type AcroFormContent =
  | { kind: 'fields'; values: FormValues; problems: FormProblem[] }
  | { kind: 'unreadable'; reason: string };

/** Why pdf-lib refused a file, in one line; its messages are written for developers. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/encrypted/i.test(message)) return 'the PDF is encrypted';
  return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

/** A field's value as the form shows it; undefined for fields that hold no value (signatures, buttons). */
function valueOf(field: PDFField): string | boolean | undefined {
  if (field instanceof PDFTextField) return field.getText() ?? '';
  if (field instanceof PDFCheckBox) return field.isChecked();
  if (field instanceof PDFRadioGroup) return field.getSelected() ?? '';
  if (field instanceof PDFDropdown || field instanceof PDFOptionList)
    return field.getSelected().join(', ');
  return undefined;
}

/**
 * Reads every value-carrying AcroForm field of a PDF with pdf-lib. pdf-lib throws plain errors for
 * malformed input, so any error while loading is the document's fault and makes it unreadable;
 * an error on one field costs only that field (a problem, the value left out).
 */
export async function readAcroForm(bytes: Uint8Array): Promise<AcroFormContent> {
  let fields: PDFField[];
  try {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false });
    const acroForm = doc.catalog.getAcroForm();
    if (acroForm === undefined) return { kind: 'unreadable', reason: 'the PDF has no form fields' };
    // An XFA form can show other content than its AcroForm fields hold, and pdf-lib would strip
    // it with a console warning. The agency's forms never carry XFA.
    if (acroForm.dict.has(PDFName.of('XFA')))
      return {
        kind: 'unreadable',
        reason: 'the PDF is an XFA form, not one of the agency’s forms',
      };
    fields = doc.getForm().getFields();
  } catch (error) {
    return { kind: 'unreadable', reason: `the PDF cannot be read: ${describe(error)}` };
  }
  if (fields.length > MAX_FORM_FIELDS)
    return {
      kind: 'unreadable',
      reason: `the PDF has ${fields.length} form fields; the agency's forms have far fewer than ${MAX_FORM_FIELDS}`,
    };

  const values: FormValues = {};
  const problems: FormProblem[] = [];
  for (const [index, field] of fields.entries()) {
    let name = `#${index + 1}`;
    try {
      name = field.getName();
      const value = valueOf(field);
      if (value === undefined) continue;
      // Two fields of one name: viewers show one, we would read the other. Not our form.
      if (Object.hasOwn(values, name))
        return {
          kind: 'unreadable',
          reason: `the PDF has two form fields named ${JSON.stringify(name)}`,
        };
      if (typeof value === 'string' && value.length > MAX_READ_VALUE_CHARS) {
        values[name] = value.slice(0, MAX_READ_VALUE_CHARS);
        problems.push({
          field: name,
          message: `is longer than ${MAX_READ_VALUE_CHARS} characters; only the beginning was read`,
        });
        continue;
      }
      values[name] = value;
    } catch (error) {
      problems.push({ field: name, message: `cannot be read: ${describe(error)}` });
    }
  }
  return { kind: 'fields', values, problems };
}
