import { beforeAll, describe, expect, it } from 'vitest';
import { analyseXadesDocument } from '../../../../src/signature/xades/index.js';
import type { XadesSignature } from '../../../../src/signature/xades/index.js';
import {
  MAX_XML_BYTES,
  MAX_XML_DEPTH,
  MAX_XML_ELEMENTS,
  parseXmlStrict,
  XmlRejected,
} from '../../../../src/signature/xml/safe-xml.js';
import { buildXades } from './support/build-xades.js';
import { makeSigner, type TestSigner } from './support/make-certificate.js';

/**
 * Hostile XML in a signature file: the parser refuses it before or while parsing, with a reason,
 * and the XAdES analysis turns that into a failed check; wrapping tricks fail the signature.
 */
const encode = (xml: string): Uint8Array => new TextEncoder().encode(xml);
const analyse = (xml: string, resolve: (uri: string) => Uint8Array | undefined = () => undefined) =>
  analyseXadesDocument(encode(xml), 'META-INF/signatures0.xml', resolve);
const parseCheck = (xml: string) =>
  analyse(xml).checks.find((c) => c.name === 'xades.document.parse');
const rejection = (xml: string | Uint8Array): string => {
  try {
    parseXmlStrict(typeof xml === 'string' ? encode(xml) : xml, 'signatures0.xml');
  } catch (error) {
    if (error instanceof XmlRejected) return error.message;
    throw error;
  }
  throw new Error('expected the XML to be rejected');
};

describe('bad XML: entities and DTDs are refused before parsing', () => {
  it('when a signature file declares an external entity (XXE), then it is refused and nothing is fetched or read', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>';
    expect(rejection(xml)).toBe('signatures0.xml: DTDs and entity declarations are not allowed');
    expect(parseCheck(xml)).toMatchObject({
      status: 'failed',
      detail: 'META-INF/signatures0.xml: DTDs and entity declarations are not allowed',
    });
  });

  it('when a billion-laughs document arrives, then it is refused at once without expanding anything', () => {
    const entities = Array.from(
      { length: 10 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><lolz>&lol10;</lolz>`;
    const started = performance.now();
    expect(parseCheck(xml)?.status).toBe('failed');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('when the DTD hides behind a byte-order mark or lower case, then it is still refused', () => {
    expect(rejection('\uFEFF<!doctype x SYSTEM "http://attacker.test/x.dtd"><x/>')).toMatch(
      /DTDs and entity declarations are not allowed/,
    );
  });

  it('when an entity is used without a declaration, then the XML is refused as not well-formed', () => {
    expect(rejection('<x>&undeclared;</x>')).toMatch(/^signatures0\.xml: not well-formed XML/);
  });
});

describe('bad XML: size and shape limits', () => {
  it(`when elements nest deeper than ${MAX_XML_DEPTH}, then the depth limit is named`, () => {
    const xml = `${'<a>'.repeat(MAX_XML_DEPTH + 1)}${'</a>'.repeat(MAX_XML_DEPTH + 1)}`;
    expect(rejection(xml)).toBe(`signatures0.xml: nesting deeper than ${MAX_XML_DEPTH}`);
  });

  it('when elements nest 100 000 deep, then it is refused without overflowing the stack', () => {
    const depth = 100_000;
    const xml = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    expect(rejection(xml)).toBe(`signatures0.xml: nesting deeper than ${MAX_XML_DEPTH}`);
  });

  it(`when a document has more than ${MAX_XML_ELEMENTS} elements, then the element limit is named`, () => {
    const xml = `<r>${'<a/>'.repeat(MAX_XML_ELEMENTS + 1)}</r>`;
    expect(rejection(xml)).toBe(`signatures0.xml: more than ${MAX_XML_ELEMENTS} elements`);
  });

  it(`when a document is larger than ${MAX_XML_BYTES} bytes, then it is refused before parsing`, () => {
    const bytes = new Uint8Array(MAX_XML_BYTES + 1).fill(0x20);
    expect(rejection(bytes)).toBe(
      `signatures0.xml: ${MAX_XML_BYTES + 1} bytes exceeds the ${MAX_XML_BYTES}-byte XML limit`,
    );
  });
});

describe('bad XML: signature wrapping and comments', () => {
  let signer: TestSigner;
  const FILES = { 'application form.txt': 'I apply for a permit.\n' };
  beforeAll(async () => {
    signer = await makeSigner('rsa', 'Bad XML Signer', 4811);
  });
  const signed = () => buildXades({ signer, files: FILES });
  const failedNames = (s: XadesSignature | undefined) =>
    (s?.checks ?? []).filter((c) => c.status === 'failed').map((c) => c.name);

  it('when a second QualifyingProperties with a forged SignedProperties comes first, then the signature fails and the forged time is not read as signed', () => {
    const built = signed();
    const forged =
      '<ds:Object><xades:QualifyingProperties Target="#S0"><xades:SignedProperties Id="S0-forged"><xades:SignedSignatureProperties>' +
      '<xades:SigningTime>2020-01-01T00:00:00Z</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object>';
    const xml = built.xml.replace('<ds:Object>', `${forged}<ds:Object>`);
    const [signature] = analyse(xml, built.resolve).signatures;
    expect(failedNames(signature).length).toBeGreaterThan(0);
    expect(signature?.claimedSigningTime?.toISOString()).not.toBe('2020-01-01T00:00:00.000Z');
    expect(signature?.indicationHint?.indication).toBe('TOTAL_FAILED');
  });

  it('when the signed SignedProperties is moved out of QualifyingProperties (Id kept) and a forged one without Id takes its place, then the moved reference target fails', () => {
    const built = signed();
    const start = built.xml.indexOf('<xades:SignedProperties');
    const end = built.xml.indexOf('</xades:SignedProperties>') + '</xades:SignedProperties>'.length;
    const original = built.xml.slice(start, end);
    const forged = original
      .replace(' Id="S0-SignedProperties"', '')
      .replace('2025-03-04T05:06:07Z', '2020-01-01T00:00:00Z');
    const xml =
      built.xml.slice(0, start) +
      forged +
      built.xml
        .slice(end)
        .replace('</ds:Signature>', `<ds:Object>${original}</ds:Object></ds:Signature>`);
    const [signature] = analyse(xml, built.resolve).signatures;
    expect(failedNames(signature)).toContain('xades.reference.signed-properties');
    expect(signature?.indicationHint?.indication).toBe('TOTAL_FAILED');
    expect(signature?.claimedSigningTime?.toISOString()).not.toBe('2020-01-01T00:00:00.000Z');
  });

  it('when a comment is slipped into signed text after signing, then the digest still holds (comments are not signed) and the value is read whole, not cut at the comment', () => {
    const built = signed();
    const xml = built.xml.replace('2025-03-04T05:06:07Z', '2025-03-04T05:0<!-- 9 -->6:07Z');
    expect(xml).not.toBe(built.xml);
    const [signature] = analyse(xml, built.resolve).signatures;
    expect(failedNames(signature)).toEqual([]);
    expect(signature?.claimedSigningTime?.toISOString()).toBe('2025-03-04T05:06:07.000Z');
  });

  it('when a comment changes what the text would say if comments were read, then the signed text is what counts', () => {
    const built = signed();
    const xml = built.xml.replace(
      '2025-03-04T05:06:07Z',
      '2025-03-04T05:06:07Z<!--2030-01-01T00:00:00Z-->',
    );
    const [signature] = analyse(xml, built.resolve).signatures;
    expect(failedNames(signature)).toEqual([]);
    expect(signature?.claimedSigningTime?.toISOString()).toBe('2025-03-04T05:06:07.000Z');
  });
});
