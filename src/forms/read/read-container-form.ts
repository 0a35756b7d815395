import { inspectContainer } from '../../signature/asic/container.js';
import { ZipFormatError } from '../../signature/asic/zip-format-error.js';
import { readZip, type ZipArchive } from '../../signature/asic/zip-reader.js';
import { documentKind } from './document-kind.js';
import { notAForm, type FormReading } from './form-reading.js';
import { readPdfForm } from './read-pdf-form.js';

const isPdfName = (name: string): boolean => /\.pdf$/i.test(name);

/**
 * Reads a form out of an ASiC-E container (.asice, .edoc, .bdoc): the one PDF among its data
 * files. A container signature signs the PDF file as a whole, so its values count as signed when
 * META-INF holds a signature; whether that signature is valid and covers the PDF is for the
 * verifier. Without one, the PDF is read like a mailed PDF (it may carry its own signatures).
 */
export async function readContainerForm(filename: string, bytes: Uint8Array): Promise<FormReading> {
  let zip: ZipArchive;
  try {
    zip = readZip(bytes);
  } catch (error) {
    if (error instanceof ZipFormatError)
      return notAForm(`the container cannot be read: ${error.message}`);
    throw error;
  }
  const container = inspectContainer(zip, filename);
  const pdfs = container.dataFiles.filter(isPdfName);
  if (pdfs.length === 0) return notAForm('the container holds no PDF document');
  if (pdfs.length > 1)
    return notAForm(`the container holds ${pdfs.length} PDF documents; a form must come alone`);
  const name = pdfs[0] as string;
  let pdf: Uint8Array;
  try {
    pdf = zip.read(name);
  } catch (error) {
    if (error instanceof ZipFormatError)
      return notAForm(`${name} in the container cannot be read: ${error.message}`);
    throw error;
  }
  if (documentKind(pdf) !== 'pdf') return notAForm(`${name} in the container is not a PDF`);
  const signed = container.signatureFiles.xades.length + container.signatureFiles.cades.length > 0;
  const reading = await readPdfForm(pdf, { signedAsWhole: signed });
  return reading.kind === 'not-a-form'
    ? notAForm(`${name} in the container: ${reading.reason}`)
    : reading;
}
