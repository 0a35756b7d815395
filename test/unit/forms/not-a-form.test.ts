import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { fillForm, MAX_FORM_FILE_BYTES, readForm } from '../../../src/forms/index.js';
import { GOOD } from './support/good-values.js';

async function pdfWith(addFields: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  addFields(doc);
  return doc.save();
}

describe('readForm: documents that are not forms', () => {
  it('when the bytes are random, then it is neither a PDF nor a container', async () => {
    expect(await readForm('x.bin', randomBytes(4096))).toEqual({
      kind: 'not-a-form',
      reason: 'the file is neither a PDF nor an ASiC container',
    });
  });

  it('when a PDF is truncated garbage, then it is not a form and nothing throws', async () => {
    const reading = await readForm('x.pdf', new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type'));
    expect(reading.kind).toBe('not-a-form');
  });

  it('when a PDF has no form fields, then it says so', async () => {
    expect(await readForm('letter.pdf', await pdfWith(() => undefined))).toEqual({
      kind: 'not-a-form',
      reason: 'the PDF has no form fields',
    });
  });

  it('when a PDF has form fields but no formType, then it is not one of ours', async () => {
    const pdf = await pdfWith((doc) => {
      doc.getForm().createTextField('name').addToPage(doc.getPage(0));
    });
    expect(await readForm('other.pdf', pdf)).toEqual({
      kind: 'not-a-form',
      reason: "the PDF has no formType field: it is not one of the agency's forms",
    });
  });

  it('when formType names an unknown form, then it is not a form', async () => {
    const pdf = await fillForm('api-manager', {
      ...GOOD['api-manager'],
      formType: 'loan-application',
    });
    expect(await readForm('loan.pdf', pdf)).toEqual({
      kind: 'not-a-form',
      reason: 'unknown form type "loan-application"',
    });
  });

  it('when the form version is not the supported one, then it is not a form', async () => {
    const pdf = await fillForm('api-manager', { formVersion: '2' });
    expect(await readForm('new.pdf', pdf)).toMatchObject({
      kind: 'not-a-form',
      reason: 'version "2" of the api-manager form is not supported (expected 1)',
    });
  });

  it('when two fields share a name, then the form is refused (a viewer could show the other one)', async () => {
    const filled = await fillForm('api-manager', GOOD['api-manager']);
    const doc = await PDFDocument.load(filled);
    const twin = doc.context.register(
      doc.context.obj({
        FT: 'Tx',
        T: PDFHexString.fromText('apiName'),
        V: PDFHexString.fromText('cits'),
      }),
    );
    doc.getForm().acroForm.addField(twin);
    const reading = await readForm('twins.pdf', await doc.save({ updateFieldAppearances: false }));
    expect(reading).toEqual({
      kind: 'not-a-form',
      reason: 'the PDF has two form fields named "apiName"',
    });
  });

  it('when the form carries XFA, then it is refused (XFA can show other content than the fields)', async () => {
    const doc = await PDFDocument.load(await fillForm('api-manager', GOOD['api-manager']));
    doc.getForm().acroForm.dict.set(PDFName.of('XFA'), doc.context.obj([]));
    const reading = await readForm('xfa.pdf', await doc.save({ updateFieldAppearances: false }));
    expect(reading).toMatchObject({ kind: 'not-a-form', reason: /XFA/ });
  });

  it('when a file is larger than any form, then it is not read at all', async () => {
    const reading = await readForm('huge.pdf', new Uint8Array(MAX_FORM_FILE_BYTES + 1));
    expect(reading).toMatchObject({ kind: 'not-a-form', reason: /a form is at most/ });
  });
});
