import { documentKind } from './document-kind.js';
import { notAForm, type FormReading } from './form-reading.js';
import { readContainerForm } from './read-container-form.js';
import { readPdfForm } from './read-pdf-form.js';
import { MAX_FORM_FILE_BYTES } from './read-limits.js';

/**
 * Reads one mailed document as one of the agency's forms: a PDF, or an ASiC-E container holding
 * one. Returns `not-a-form` with a plain reason for anything else — other attachments, unreadable
 * or oversized files, forms of unknown type or version — and never throws for bad input.
 */
export async function readForm(filename: string, bytes: Uint8Array): Promise<FormReading> {
  if (bytes.length > MAX_FORM_FILE_BYTES)
    return notAForm(`the file has ${bytes.length} bytes; a form is at most ${MAX_FORM_FILE_BYTES}`);
  switch (documentKind(bytes)) {
    case 'pdf':
      return readPdfForm(bytes);
    case 'zip':
      return readContainerForm(filename, bytes);
    case 'other':
      return notAForm('the file is neither a PDF nor an ASiC container');
  }
}
