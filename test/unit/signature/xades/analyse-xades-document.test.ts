import { constants, createHash, privateEncrypt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseXadesDocument } from '../../../../src/signature/xades/index.js';
import type { XadesSignature } from '../../../../src/signature/xades/index.js';
import { ALG, buildXades, NS, type BuildOptions } from './support/build-xades.js';
import { makeSigner, type TestSigner } from './support/make-certificate.js';

let rsa: TestSigner;
let ec: TestSigner;
let stranger: TestSigner;

beforeAll(async () => {
  [rsa, ec, stranger] = await Promise.all([
    makeSigner('rsa', 'Test Signer RSA', 4711),
    makeSigner('ec', 'Test Signer EC', 4712),
    makeSigner('rsa', 'Someone Else', 4713),
  ]);
});

const FILES = { 'application form.txt': 'I apply for a permit.\n', 'annex.xml': '<a>1</a>' };

function analyse(xml: string, resolve: (uri: string) => Uint8Array | undefined) {
  return analyseXadesDocument(new TextEncoder().encode(xml), 'META-INF/signatures0.xml', resolve);
}

function only(
  options: Partial<BuildOptions> & { signer?: TestSigner } = {},
  tamper?: (xml: string) => string,
) {
  const built = buildXades({ signer: options.signer ?? rsa, files: FILES, ...options });
  const analysis = analyse(tamper ? tamper(built.xml) : built.xml, built.resolve);
  expect(analysis.signatures).toHaveLength(1);
  return { built, analysis, signature: analysis.signatures[0] as XadesSignature };
}

const failedNames = (s: XadesSignature) =>
  s.checks.filter((c) => c.status === 'failed').map((c) => c.name);

describe('an intact signature', () => {
  it('when an RSA eDoc-style signature uses c14n 1.1 with namespaces on the root, then every check passes', () => {
    const { signature } = only();
    expect(failedNames(signature)).toEqual([]);
    expect(signature.indicationHint).toBeUndefined();
    expect(signature.id).toBe('S0');
    expect(signature.signerCertificate).toEqual(rsa.certificate);
    expect(signature.coveredEntries).toEqual(['application form.txt', 'annex.xml']);
    expect(signature.claimedSigningTime?.toISOString()).toBe('2025-03-04T05:06:07.000Z');
    expect(signature.level).toBe('B-B');
    expect(signature.checks.find((c) => c.name === 'xades.signature-value.crypto')?.status).toBe(
      'passed',
    );
  });

  it('when an ECDSA signature uses exclusive c14n and namespaces on the signature, then every check passes', () => {
    const { signature } = only({
      signer: ec,
      canonicalisation: ALG.exc,
      signedPropertiesTransform: ALG.exc,
      namespacesOnRoot: false,
    });
    expect(failedNames(signature)).toEqual([]);
    expect(signature.indicationHint).toBeUndefined();
  });

  it('when the signature is RSASSA-PSS with inclusive c14n 1.0, then every check passes', () => {
    const { signature } = only({ signatureMethod: ALG.rsaPssSha256, canonicalisation: ALG.c14n10 });
    expect(failedNames(signature)).toEqual([]);
  });

  it('when SigningCertificate (v1) gives IssuerSerial as a DN string, then the signer is still identified', () => {
    const { signature } = only({ signingCertificate: 'v1' });
    expect(failedNames(signature)).toEqual([]);
    expect(
      signature.checks.find((c) => c.name === 'xades.signing-certificate.digest')?.detail,
    ).toContain('IssuerSerial');
  });

  it('when references use SHA-1, then the signature passes with a warning', () => {
    const { signature } = only({ digestAlgorithm: ALG.sha1 });
    expect(failedNames(signature)).toEqual([]);
    expect(
      signature.checks.some(
        (c) => c.status === 'warning' && c.name === 'xades.reference.digest-algorithm',
      ),
    ).toBe(true);
  });

  it('when the RSA DigestInfo omits the NULL parameters (older ID-card middleware), then the value still verifies', () => {
    const built = buildXades({ signer: rsa, files: FILES });
    const withoutNull = resignWithoutNull(built.xml);
    const analysis = analyse(withoutNull, built.resolve);
    expect(failedNames(analysis.signatures[0] as XadesSignature)).toEqual([]);
  });
});

/** Replaces the SignatureValue with one whose DigestInfo has no NULL parameters. */
function resignWithoutNull(xml: string): string {
  // The canonical SignedInfo is recovered from a passing analysis: c14n 1.1 of SignedInfo with
  // asic, ds and xades in scope, exactly as the builder computed it.
  const start = xml.indexOf('<ds:SignedInfo>');
  const end = xml.indexOf('</ds:SignedInfo>') + '</ds:SignedInfo>'.length;
  const body = xml
    .slice(start, end)
    .replace(/<(ds:\w+)([^>]*)\/>/g, '<$1$2></$1>')
    .replace(
      '<ds:SignedInfo>',
      `<ds:SignedInfo xmlns:asic="${NS.asic}" xmlns:ds="${NS.ds}" xmlns:xades="${NS.xades}">`,
    );
  const digest = createHash('sha256').update(body).digest();
  const oid = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
  const digestInfo = Buffer.from([0x30, 0x2f, 0x30, 0x0b, ...oid, 0x04, 0x20, ...digest]);
  const value = privateEncrypt(
    { key: rsa.privateKey, padding: constants.RSA_PKCS1_PADDING },
    digestInfo,
  );
  return xml.replace(
    /<ds:SignatureValue Id="S0-SIG">[^<]*</,
    `<ds:SignatureValue Id="S0-SIG">${value.toString('base64')}<`,
  );
}

describe('a tampered signature', () => {
  it('when a data file is changed after signing, then HASH_FAILURE', () => {
    const built = buildXades({ signer: rsa, files: FILES });
    const altered = new Map(built.files);
    altered.set('annex.xml', new TextEncoder().encode('<a>2</a>'));
    const signature = analyse(built.xml, (uri) => altered.get(uri)).signatures[0] as XadesSignature;
    expect(failedNames(signature)).toEqual(['xades.reference.digest']);
    expect(signature.indicationHint).toEqual({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
  });

  it('when the signed properties are changed (a later signing time), then HASH_FAILURE', () => {
    const { signature } = only({}, (xml) =>
      xml.replace('2025-03-04T05:06:07Z', '2025-03-05T05:06:07Z'),
    );
    expect(failedNames(signature)).toContain('xades.reference.digest');
    expect(signature.indicationHint?.subIndication).toBe('HASH_FAILURE');
  });

  it('when the signature value is changed, then SIG_CRYPTO_FAILURE', () => {
    const { signature } = only({}, (xml) =>
      xml.replace(
        /<ds:SignatureValue Id="S0-SIG">(.)/,
        (_m, c: string) => `<ds:SignatureValue Id="S0-SIG">${c === 'A' ? 'B' : 'A'}`,
      ),
    );
    expect(failedNames(signature)).toEqual(['xades.signature-value.crypto']);
    expect(signature.indicationHint).toEqual({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });

  it('when an ECDSA signature value is changed, then SIG_CRYPTO_FAILURE', () => {
    const { signature } = only({ signer: ec }, (xml) =>
      xml.replace(
        /<ds:SignatureValue Id="S0-SIG">(.)/,
        (_m, c: string) => `<ds:SignatureValue Id="S0-SIG">${c === 'A' ? 'B' : 'A'}`,
      ),
    );
    expect(signature.indicationHint?.subIndication).toBe('SIG_CRYPTO_FAILURE');
  });

  it('when the SignedProperties Id is moved to a wrapper around the original and a forged SignedProperties takes its place, then the wrapping fails', () => {
    const { signature } = only({}, (xml) => {
      const start = xml.indexOf('<xades:SignedProperties');
      const end = xml.indexOf('</xades:SignedProperties>') + '</xades:SignedProperties>'.length;
      const original = xml.slice(start, end);
      const forged = original
        .replace('Id="S0-SignedProperties"', 'Id="S0-forged"')
        .replace('2025-03-04T05:06:07Z', '2020-01-01T00:00:00Z');
      const wrapper = `<ds:Object><xades:Wrapper Id="S0-SignedProperties">${original.replace('Id="S0-SignedProperties"', '')}</xades:Wrapper></ds:Object>`;
      return (
        xml.slice(0, start) +
        forged +
        xml.slice(end).replace('</ds:Signature>', `${wrapper}</ds:Signature>`)
      );
    });
    expect(failedNames(signature)).toContain('xades.reference.uri');
    expect(failedNames(signature)).toContain('xades.reference.signed-properties');
    expect(signature.indicationHint?.indication).toBe('TOTAL_FAILED');
    expect(signature.claimedSigningTime?.toISOString()).not.toBe('2025-03-04T05:06:07.000Z');
  });

  it('when a second element carries the same Id as SignedProperties, then the duplicate Id fails as wrapping', () => {
    const { signature } = only({}, (xml) =>
      xml.replace(
        '</ds:Signature>',
        '<ds:Object><xades:SignedProperties Id="S0-SignedProperties"/></ds:Object></ds:Signature>',
      ),
    );
    const uriCheck = signature.checks.find(
      (c) => c.name === 'xades.reference.uri' && c.status === 'failed',
    );
    expect(uriCheck?.detail).toMatch(/occurs 2 times.*wrapping/);
    expect(signature.indicationHint?.subIndication).toBe('FORMAT_FAILURE');
  });

  it('when the duplicate hides in a lower-case id attribute, then it is still a duplicate', () => {
    const { signature } = only({}, (xml) =>
      xml.replace(
        '</ds:Signature>',
        '<ds:Object><xades:Note id="S0-SignedProperties"/></ds:Object></ds:Signature>',
      ),
    );
    expect(failedNames(signature)).toContain('xades.reference.uri');
  });

  it('when KeyInfo holds another certificate than the one SigningCertificate names, then NO_SIGNING_CERTIFICATE_FOUND', () => {
    const { signature } = only({ keyInfoCertificate: stranger.certificate });
    expect(failedNames(signature)).toEqual(['xades.signing-certificate.digest']);
    expect(signature.signerCertificate).toBeUndefined();
    expect(signature.checks.find((c) => c.name === 'xades.signature-value.crypto')?.status).toBe(
      'indeterminate',
    );
    expect(signature.indicationHint).toEqual({
      indication: 'INDETERMINATE',
      subIndication: 'NO_SIGNING_CERTIFICATE_FOUND',
    });
  });

  it('when SigningCertificate names a different certificate than the one that signed, then NO_SIGNING_CERTIFICATE_FOUND', () => {
    const { signature } = only({ certDigestOf: stranger.certificate });
    expect(signature.indicationHint?.subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
  });

  it('when SignedProperties names no signing certificate at all, then NO_SIGNING_CERTIFICATE_FOUND', () => {
    const { signature } = only({ signingCertificate: 'none' });
    expect(failedNames(signature)).toEqual(['xades.signing-certificate.present']);
    expect(signature.indicationHint?.subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
  });

  it('when the IssuerSerial serial number is wrong, then NO_SIGNING_CERTIFICATE_FOUND', () => {
    const { signature } = only({ signingCertificate: 'v1' }, (xml) =>
      xml.replace('<ds:X509SerialNumber>4711<', '<ds:X509SerialNumber>4712<'),
    );
    // The serial sits in SignedProperties, so its digest breaks too; the signer is still unnamed.
    expect(failedNames(signature)).toContain('xades.signing-certificate.digest');
  });

  it('when a data reference carries an XPath transform (signed that way), then the transform fails', () => {
    const { signature } = only({
      dataReferenceTransforms: `<ds:Transforms><ds:Transform Algorithm="${ALG.xpath}"><ds:XPath>1</ds:XPath></ds:Transform></ds:Transforms>`,
    });
    expect(failedNames(signature)).toContain('xades.reference.transforms');
    expect(signature.indicationHint).toEqual({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
  });

  it('when the SignedProperties reference carries an XPath transform, then the transform fails', () => {
    const { signature } = only({ signedPropertiesTransform: ALG.xpath });
    expect(failedNames(signature)).toContain('xades.reference.transforms');
  });

  it('when SignedInfo has no reference to SignedProperties (as REF-03 in SiVa), then it fails', () => {
    const { signature } = only({ omitSignedPropertiesReference: true });
    expect(failedNames(signature)).toEqual(['xades.reference.signed-properties']);
    expect(signature.indicationHint?.subIndication).toBe('FORMAT_FAILURE');
  });

  it('when a covered file is missing from the container, then SIGNED_DATA_NOT_FOUND', () => {
    const built = buildXades({ signer: rsa, files: FILES });
    const signature = analyse(built.xml, (uri) =>
      uri === 'annex.xml' ? undefined : built.resolve(uri),
    ).signatures[0] as XadesSignature;
    expect(failedNames(signature)).toEqual(['xades.reference.uri']);
    expect(signature.indicationHint).toEqual({
      indication: 'INDETERMINATE',
      subIndication: 'SIGNED_DATA_NOT_FOUND',
    });
    expect(signature.coveredEntries).toEqual(['application form.txt']);
  });

  it.each([
    ['the whole document', ''],
    ['an XPointer', "#xpointer(id('S0-SignedProperties'))"],
    ['an absolute URL', 'https://example.org/form.txt'],
    ['a path out of the container', '../etc/passwd'],
  ])('when a reference points at %s, then it fails', (_what, uri) => {
    const { signature } = only({
      editTemplate: (xml) => xml.replace('URI="annex.xml"', `URI="${uri.replace(/'/g, '&apos;')}"`),
    });
    expect(failedNames(signature)).toContain('xades.reference.uri');
  });

  it('when SignedInfo uses an unknown canonicalisation, then it fails', () => {
    const { signature } = only({
      editTemplate: (xml) =>
        xml.replace(
          `<ds:CanonicalizationMethod Algorithm="${ALG.c14n11}"/>`,
          '<ds:CanonicalizationMethod Algorithm="urn:x-none"/>',
        ),
    });
    expect(failedNames(signature)).toContain('xades.signed-info.canonicalisation');
  });

  it('when QualifyingProperties targets another signature, then the structure fails', () => {
    const { signature } = only({
      editTemplate: (xml) => xml.replace('Target="#S0"', 'Target="#S1"'),
    });
    expect(failedNames(signature)).toEqual(['xades.structure.target']);
  });

  it('when an extra element is slipped between SignedInfo and SignatureValue, then the layout fails', () => {
    const { signature } = only({}, (xml) =>
      xml.replace('<ds:SignatureValue', '<ds:Object/><ds:SignatureValue'),
    );
    expect(failedNames(signature)).toContain('xades.structure.layout');
  });
});

describe('timestamps and validation data', () => {
  it('when a signature timestamp uses exclusive c14n, then its imprint input is exactly the canonical SignatureValue', () => {
    const { built, signature } = only({ withTimestamps: true });
    const sigTs = signature.timestamps.find((t) => t.kind === 'signature');
    expect(sigTs?.token).toEqual(built.tokens.signature);
    expect(new TextDecoder().decode(sigTs?.imprintInput)).toBe(
      `<ds:SignatureValue xmlns:ds="${NS.ds}" Id="S0-SIG">${built.signatureValue}</ds:SignatureValue>`,
    );
    expect(signature.level).toBe('B-LTA');
  });

  it('when the archive timestamp uses inclusive c14n, then its input starts with the signed file bytes and inherits root namespaces', () => {
    const { built, signature } = only({ withTimestamps: true });
    const archive = signature.timestamps.find((t) => t.kind === 'archive');
    const input = new TextDecoder().decode(archive?.imprintInput);
    expect(input.startsWith('I apply for a permit.\n<a>1</a>')).toBe(true);
    expect(input).toContain(
      `<ds:SignatureValue xmlns:asic="${NS.asic}" xmlns:ds="${NS.ds}" xmlns:xades="${NS.xades}" Id="S0-SIG">${built.signatureValue}</ds:SignatureValue>`,
    );
    // The preceding SignatureTimeStamp is covered, the archive timestamp itself is not.
    expect(input).toContain('<xades:SignatureTimeStamp');
    expect(input).not.toContain('<xades141:ArchiveTimeStamp');
  });
});

describe('unreadable documents', () => {
  it('when the document has a DTD, then a failed parse check is reported instead of an exception', () => {
    const analysis = analyse(
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>',
      () => undefined,
    );
    expect(analysis.signatures).toEqual([]);
    expect(analysis.checks.find((c) => c.name === 'xades.document.parse')?.status).toBe('failed');
    expect(analysis.indicationHint?.subIndication).toBe('FORMAT_FAILURE');
  });

  it('when the root is some other element, then the root check fails', () => {
    const analysis = analyse('<x:XAdESSignatures xmlns:x="urn:other"/>', () => undefined);
    expect(analysis.checks.find((c) => c.name === 'xades.document.root')?.status).toBe('failed');
  });
});
