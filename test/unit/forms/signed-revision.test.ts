import { describe, expect, it } from 'vitest';
import { fillForm, readForm, type FormReading } from '../../../src/forms/index.js';
import { signWithDummyCms } from './support/dummy-signature.js';
import { GOOD } from './support/good-values.js';
import { changeFieldsIncrementally } from './support/incremental-update.js';

const TYPE = 'api-manager';

function asForm(reading: FormReading): Extract<FormReading, { kind: 'form' }> {
  if (reading.kind !== 'form') expect.fail(`expected a form, got: ${reading.reason}`);
  return reading;
}

describe('readForm on signed PDFs', () => {
  it('when the signature covers the whole form, then the values are read as signed and nothing changed', async () => {
    const signed = await signWithDummyCms(await fillForm(TYPE, GOOD[TYPE]));
    const reading = asForm(await readForm('signed.pdf', signed));
    expect(reading.source).toBe('signed-revision');
    expect(reading.changedAfterSigning).toEqual([]);
    expect(reading.values).toMatchObject(GOOD[TYPE]);
  });

  it('when a field is changed in an update after the signature, then the signed value is returned and the field is listed', async () => {
    const signed = await signWithDummyCms(await fillForm(TYPE, GOOD[TYPE]));
    const amended = await changeFieldsIncrementally(signed, {
      apiName: 'cits-api',
      publisherEmail: 'uzbrucejs@example.com',
    });
    const reading = asForm(await readForm('amended.pdf', amended));
    expect(reading.source).toBe('signed-revision');
    expect(reading.values['apiName']).toBe('buvatlaujas-api');
    expect(reading.values['publisherEmail']).toBe('liga.ozolina@riga.example');
    expect(reading.changedAfterSigning).toEqual(['apiName', 'publisherEmail']);
  });

  it('when the hidden form type is changed after signing, then the signed type counts and the change is listed', async () => {
    const signed = await signWithDummyCms(await fillForm(TYPE, GOOD[TYPE]));
    const reading = asForm(
      await readForm(
        'amended.pdf',
        await changeFieldsIncrementally(signed, { formType: 'access-rights' }),
      ),
    );
    expect(reading.formType).toBe(TYPE);
    expect(reading.changedAfterSigning).toEqual(['formType']);
  });

  it('when a second signature covers the change, then the values of the last signed revision are read', async () => {
    const signed = await signWithDummyCms(await fillForm(TYPE, GOOD[TYPE]));
    const amended = await changeFieldsIncrementally(signed, { apiVersion: '2.0' });
    const countersigned = await signWithDummyCms(amended, 'Signature2');
    const reading = asForm(await readForm('countersigned.pdf', countersigned));
    expect(reading.values['apiVersion']).toBe('2.0');
    expect(reading.changedAfterSigning).toEqual([]);
  });

  it('when an unsigned form was saved incrementally, then the final values are read as unsigned', async () => {
    const amended = await changeFieldsIncrementally(await fillForm(TYPE, GOOD[TYPE]), {
      apiName: 'jauns',
    });
    const reading = asForm(await readForm('unsigned.pdf', amended));
    expect(reading.source).toBe('unsigned');
    expect(reading.values['apiName']).toBe('jauns');
  });
});
