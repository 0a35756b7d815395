import { readAcroForm } from './read-acroform.js';
import { changedFields } from './changed-fields.js';
import { notAForm, type FormReading } from './form-reading.js';
import { identifyForm } from './identify-form.js';
import { signedPrefixLength } from './signed-prefix.js';

export interface PdfReadOptions {
  /**
   * The file as a whole is covered by a signature outside it (an ASiC container's): read the
   * final values and call them signed, without looking for PDF signatures.
   */
  signedAsWhole?: boolean;
}

/**
 * Reads a form out of a PDF. When a signature covers it, the values come from the revision that
 * signature covers — what the signer saw and agreed to — and every field whose value differs in
 * the final file is listed in `changedAfterSigning`. Never throws for bad input.
 */
export async function readPdfForm(
  bytes: Uint8Array,
  options: PdfReadOptions = {},
): Promise<FormReading> {
  const signedEnd = options.signedAsWhole === true ? undefined : signedPrefixLength(bytes);
  const final = await readAcroForm(bytes);
  if (final.kind === 'unreadable') return notAForm(final.reason);
  let read = final;
  let changedAfterSigning: string[] = [];
  if (signedEnd !== undefined && signedEnd < bytes.length) {
    const signed = await readAcroForm(bytes.subarray(0, signedEnd));
    if (signed.kind === 'unreadable') return notAForm(`the signed revision: ${signed.reason}`);
    read = signed;
    changedAfterSigning = changedFields(signed.values, final.values);
  }
  const identity = identifyForm(read.values);
  if (identity.kind === 'not-a-form') return notAForm(identity.reason);
  return {
    kind: 'form',
    formType: identity.formType,
    formVersion: identity.formVersion,
    values: read.values,
    source:
      options.signedAsWhole === true || signedEnd !== undefined ? 'signed-revision' : 'unsigned',
    changedAfterSigning,
    problems: read.problems,
  };
}
