import { describe, expect, it } from 'vitest';
import { fillForm, readForm } from '../../../src/forms/index.js';
import { buildZip, type EntrySpec } from '../signature/asic/zip-builder.js';
import { GOOD } from './support/good-values.js';

const TYPE = 'production-request';
const MIMETYPE: EntrySpec = { name: 'mimetype', data: 'application/vnd.etsi.asic-e+zip' };
/** The reader only looks for a signature file; verifying it is the verifier's job. */
const SIGNATURE: EntrySpec = {
  name: 'META-INF/signatures0.xml',
  data: '<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"/>',
};

describe('readForm on ASiC-E containers', () => {
  // Stored entries matter: the PDF's %PDF- header then sits within the container's first kilobyte.
  it.each([
    ['deflated', 8],
    ['stored', 0],
  ])(
    'when an .edoc holds a signed form (%s), then the form is read as signed',
    async (_, method) => {
      const pdf = await fillForm(TYPE, GOOD[TYPE]);
      const edoc = buildZip([MIMETYPE, { name: 'pieteikums.pdf', data: pdf, method }, SIGNATURE]);
      const reading = await readForm('pieteikums.edoc', edoc);
      expect(reading).toMatchObject({
        kind: 'form',
        formType: TYPE,
        formVersion: 1,
        source: 'signed-revision',
        changedAfterSigning: [],
      });
      expect(reading.kind === 'form' && reading.values).toMatchObject(GOOD[TYPE]);
    },
  );

  it('when the container has no signature file, then the form is read as unsigned', async () => {
    const pdf = await fillForm(TYPE, GOOD[TYPE]);
    const reading = await readForm(
      'x.asice',
      buildZip([MIMETYPE, { name: 'pieteikums.pdf', data: pdf }]),
    );
    expect(reading).toMatchObject({ kind: 'form', source: 'unsigned' });
  });

  it('when the container holds two PDFs or none, then it is not a form', async () => {
    const pdf = await fillForm(TYPE, GOOD[TYPE]);
    const two = buildZip([
      MIMETYPE,
      { name: 'a.pdf', data: pdf },
      { name: 'b.PDF', data: pdf },
      SIGNATURE,
    ]);
    expect(await readForm('two.edoc', two)).toEqual({
      kind: 'not-a-form',
      reason: 'the container holds 2 PDF documents; a form must come alone',
    });
    const none = buildZip([MIMETYPE, { name: 'apraksts.wsdl', data: '<definitions/>' }, SIGNATURE]);
    expect(await readForm('none.edoc', none)).toMatchObject({
      kind: 'not-a-form',
      reason: /no PDF/,
    });
  });

  it('when the PDF inside is no form, then the reason names the file in the container', async () => {
    const zip = buildZip([
      MIMETYPE,
      { name: 'vestule.pdf', data: '%PDF-1.7\nnot really' },
      SIGNATURE,
    ]);
    const reading = await readForm('c.edoc', zip);
    expect(reading).toMatchObject({
      kind: 'not-a-form',
      reason: /^vestule\.pdf in the container: /,
    });
  });

  it('when the archive is broken, then it is not a form', async () => {
    const zip = buildZip([MIMETYPE, { name: 'a.pdf', data: 'x' }]).slice(0, 60);
    expect(await readForm('broken.edoc', zip)).toMatchObject({
      kind: 'not-a-form',
      reason: /container cannot be read/,
    });
  });
});
