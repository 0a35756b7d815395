import { describe, expect, it } from 'vitest';
import { nameFromString, sameName } from '../../../../src/signature/xades/distinguished-name.js';
import { classifyReferenceUri } from '../../../../src/signature/xades/reference-uri.js';

describe('issuer names as signers write them', () => {
  it('when an eParaksts name uses a #hex organizationIdentifier, then it decodes to the text value', () => {
    const name = nameFromString(
      'CN=eParaksts ICA 2021,2.5.4.97=#0c114e54524c562d3430303033303131323033,O=VAS Latvijas Valsts radio un televīzijas centrs,C=LV',
    );
    expect(name).toContainEqual({ oid: '2.5.4.97', value: 'NTRLV-40003011203' });
  });

  it('when two names differ only in order, case and escaping, then they are the same name', () => {
    const a = nameFromString('CN=Test\\, Signer,O=Agency,C=LV');
    const b = nameFromString('C=lv, O=agency, CN="Test, Signer"');
    expect(a && b && sameName(a, b)).toBe(true);
  });

  it('when a name carries an unknown keyword, then it cannot be read', () => {
    expect(nameFromString('FOO=bar')).toBeUndefined();
  });
});

describe('reference URIs', () => {
  it('when a container file name is percent-encoded, then it decodes to the exact entry name', () => {
    expect(classifyReferenceUri('0123456789~%23%25%26%28%29%3D%60%40%7B%5B%5D%7D%27.txt')).toEqual({
      kind: 'entry',
      name: "0123456789~#%&()=`@{[]}'.txt",
    });
  });

  it.each([
    '',
    '#xpointer(/)',
    '#a b',
    'file:///etc/passwd',
    '/abs.txt',
    'a/../b',
    '%zz',
    undefined,
  ])('when the URI is %j, then it is refused', (uri) => {
    expect(classifyReferenceUri(uri).kind).toBe('refused');
  });
});
