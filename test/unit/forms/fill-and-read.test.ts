import {
  PDFDict,
  PDFDocument,
  PDFName,
  PDFSignature,
  PDFTextField,
  AnnotationFlags,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  fillForm,
  FormFillError,
  FORM_TYPES,
  makeAcceptanceAct,
  makeBlankForm,
  MAX_READ_VALUE_CHARS,
  readForm,
  validateForm,
  type AcceptanceActData,
  type FormReading,
} from '../../../src/forms/index.js';
import { drawTemplate } from '../../../src/forms/pdf/draw-template.js';
import { TEMPLATES } from '../../../src/forms/templates/index.js';
import { GOOD, OPTIONS } from './support/good-values.js';

const LATVIAN = 'Ģirts Bērziņš, Rīgas pašvaldība';
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

function asForm(reading: FormReading): Extract<FormReading, { kind: 'form' }> {
  if (reading.kind !== 'form') expect.fail(`expected a form, got: ${reading.reason}`);
  return reading;
}

/** The /BaseFont of every font a dictionary's /Resources name. */
function baseFonts(resources: PDFDict | undefined): string[] {
  const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  return (fonts?.keys() ?? []).map((key) =>
    String(fonts?.lookup(key, PDFDict).lookup(PDFName.of('BaseFont'))),
  );
}

describe('fillForm → readForm', () => {
  it.each(FORM_TYPES.filter((type) => type !== 'acceptance-act'))(
    'when a %s form is filled, then reading it gives the same values, type and version',
    async (type) => {
      const reading = asForm(await readForm(`${type}.pdf`, await fillForm(type, GOOD[type])));
      expect(reading).toMatchObject({
        formType: type,
        formVersion: 1,
        source: 'unsigned',
        changedAfterSigning: [],
        problems: [],
      });
      expect(reading.values).toMatchObject(GOOD[type]);
      expect(reading.values).toMatchObject({ formType: type, formVersion: '1' });
      expect(validateForm(type, reading.values, OPTIONS).ok).toBe(true);
    },
  );

  it('when a Latvian value is filled, then it survives the round trip and is drawn in DejaVu Sans', async () => {
    const pdf = await fillForm('eservice-registration', { institutionName: LATVIAN });
    const reading = asForm(await readForm('form.pdf', pdf));
    expect(reading.values['institutionName']).toBe(LATVIAN);

    const doc = await PDFDocument.load(pdf);
    const widget = doc.getForm().getTextField('institutionName').acroField.getWidgets()[0];
    const appearance = widget?.getNormalAppearance();
    const stream = appearance === undefined ? undefined : doc.context.lookup(appearance);
    const resources = (stream as { dict?: PDFDict } | undefined)?.dict?.lookupMaybe(
      PDFName.of('Resources'),
      PDFDict,
    );
    expect(baseFonts(resources).some((name) => name.includes('DejaVuSans'))).toBe(true);
  });

  it('when fields are left alone, then text reads as empty and checkboxes as unchecked', async () => {
    const reading = asForm(await readForm('f.pdf', await fillForm('eservice-registration', {})));
    expect(reading.values['eserviceNameLv']).toBe('');
    expect(reading.values['vissComponents.payments']).toBe(false);
    expect(reading.values['language']).toBe('lv');
    expect(validateForm('eservice-registration', reading.values, OPTIONS).ok).toBe(false);
  });

  it('when an access-rights form is filled, then the table cells come back by row', async () => {
    const reading = asForm(
      await readForm('a.pdf', await fillForm('access-rights', GOOD['access-rights'])),
    );
    expect(reading.values['person3.role']).toBe('tester');
    expect(reading.values['person2.name']).toBe('');
    expect(reading.values['person10.validUntil']).toBe('');
  });

  it('when a value is longer than the reading limit, then only its start is read and a problem says so', async () => {
    const long = 'x'.repeat(MAX_READ_VALUE_CHARS + 10);
    const reading = asForm(
      await readForm('f.pdf', await fillForm('api-manager', { apiName: long })),
    );
    expect(reading.values['apiName']).toHaveLength(MAX_READ_VALUE_CHARS);
    expect(reading.problems).toEqual([
      {
        field: 'apiName',
        message: `is longer than ${MAX_READ_VALUE_CHARS} characters; only the beginning was read`,
      },
    ]);
  });

  it('when a field name is unknown or a value does not fit its field, then filling throws', async () => {
    await expect(fillForm('api-manager', { apiNaem: 'x' })).rejects.toThrow(FormFillError);
    await expect(fillForm('api-manager', { apiName: true })).rejects.toThrow(/takes text/);
    await expect(fillForm('api-manager', { environment: 'staging' })).rejects.toThrow(
      /one of test, production/,
    );
    await expect(
      fillForm('eservice-registration', { 'vissComponents.other': 'yes' }),
    ).rejects.toThrow(/true or false/);
  });
});

describe('blank templates', () => {
  it('when a template is made, then its text and fields use the embedded DejaVu Sans', async () => {
    const pdf = await makeBlankForm('eservice-registration');
    const text = latin1(pdf);
    expect(text).toContain('/FontFile2');
    expect(text).toContain('/BaseFont /DejaVuSans');

    const doc = await PDFDocument.load(pdf);
    const page = doc.getPage(0);
    expect(baseFonts(page.node.Resources())).toContain('/DejaVuSans');
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(baseFonts(acroForm.lookupMaybe(PDFName.of('DR'), PDFDict))).toEqual(['/DejaVuSans']);
    expect(doc.getTitle()).toBe('Pieteikums e-pakalpojuma reģistrēšanai');
  });

  it('when a template is drawn twice, then the bytes are the same (no dates, no random names)', async () => {
    const first = await drawTemplate(TEMPLATES['api-manager']);
    const second = await drawTemplate(TEMPLATES['api-manager']);
    expect(Buffer.from(first).equals(second)).toBe(true);
  });

  it('when a template is made, then formType and formVersion are hidden and read-only', async () => {
    const doc = await PDFDocument.load(await makeBlankForm('access-rights'));
    for (const name of ['formType', 'formVersion']) {
      const field = doc.getForm().getTextField(name);
      expect(field.isReadOnly()).toBe(true);
      expect(field.acroField.getWidgets()[0]?.hasFlag(AnnotationFlags.Hidden)).toBe(true);
    }
    expect(doc.getForm().getTextField('formType').getText()).toBe('access-rights');
  });

  it('when a blank acceptance act is asked for, then it is refused', async () => {
    await expect(makeBlankForm('acceptance-act')).rejects.toThrow(/makeAcceptanceAct/);
  });
});

describe('makeAcceptanceAct', () => {
  const data = GOOD['acceptance-act'] as unknown as AcceptanceActData;

  it('when an act is made, then its fields read back unchanged, read-only, with two empty signature fields', async () => {
    const pdf = await makeAcceptanceAct(data);
    const reading = asForm(await readForm('akts.pdf', pdf));
    expect(reading.formType).toBe('acceptance-act');
    expect(reading.values).toMatchObject(GOOD['acceptance-act']);
    expect(validateForm('acceptance-act', reading.values, OPTIONS)).toEqual({ ok: true, data });

    const form = (await PDFDocument.load(pdf)).getForm();
    const signatures = form.getFields().filter((f) => f instanceof PDFSignature);
    expect(signatures.map((f) => f.getName())).toEqual(['agencySignature', 'institutionSignature']);
    for (const field of signatures) {
      expect(field.acroField.dict.get(PDFName.of('FT'))).toBe(PDFName.of('Sig'));
      expect(field.acroField.dict.has(PDFName.of('V'))).toBe(false);
      expect(field.acroField.getWidgets()[0]?.getRectangle().height).toBeGreaterThan(20);
    }
    const texts = form.getFields().filter((f): f is PDFTextField => f instanceof PDFTextField);
    expect(texts.every((f) => f.isReadOnly())).toBe(true);
  });

  it('when the act data is invalid, then making it throws naming the field', async () => {
    await expect(makeAcceptanceAct({ ...data, institutionRegNo: '' })).rejects.toThrow(
      /institutionRegNo is required/,
    );
  });
});
