import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseXadesDocument } from '../../src/signature/xades/index.js';
import { parseXmlStrict, XmlRejected } from '../../src/signature/xml/safe-xml.js';
import { ALG, buildXades } from '../unit/signature/xades/support/build-xades.js';
import { makeSigner } from '../unit/signature/xades/support/make-certificate.js';
import {
  expectOnly,
  FUZZ_RUNS,
  FUZZ_SEED,
  fuzzParameters,
  fuzzTimeout,
  garbage,
  mutated,
} from './fuzz-settings.js';

const FILES = { 'application form.txt': 'I apply for a permit.\n', 'annex.xml': '<a>1</a>' };

const XML_TOKENS = [
  '<?xml version="1.0"?>',
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
  '</ds:Signature>',
  '<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#">',
  '</asic:XAdESSignatures>',
  '<ds:Reference URI="#x">',
  ' Id="x"',
  '<!DOCTYPE a [<!ENTITY e "e">]>',
  '&e;',
  '&#x0;',
  '<!-- c -->',
  '<![CDATA[x]]>',
  '<?pi x?>',
  ' xmlns=""',
  ' xml:space="preserve"',
  '>',
  '</',
];

describe(`fuzz: safe XML parser and XAdES analysis (seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs)`, () => {
  let valid: Uint8Array[] = [];
  let resolve: (uri: string) => Uint8Array | undefined = () => undefined;

  beforeAll(async () => {
    const [rsa, ec] = await Promise.all([
      makeSigner('rsa', 'Fuzz Signer RSA', 9001),
      makeSigner('ec', 'Fuzz Signer EC', 9002),
    ]);
    const one = buildXades({ signer: rsa, files: FILES });
    const two = buildXades({
      signer: ec,
      files: FILES,
      canonicalisation: ALG.exc,
      signedPropertiesTransform: ALG.exc,
      namespacesOnRoot: false,
    });
    resolve = one.resolve;
    valid = [one.xml, two.xml].map((xml) => new TextEncoder().encode(xml));
  });

  const parseOnly = (bytes: Uint8Array): void => {
    try {
      parseXmlStrict(bytes, 'fuzz.xml');
    } catch (error) {
      expectOnly(error, [XmlRejected]);
      expect((error as Error).message).toMatch(/^fuzz\.xml: \S/);
    }
  };

  const analyse = (bytes: Uint8Array): void => {
    const analysis = analyseXadesDocument(bytes, 'META-INF/signatures0.xml', resolve);
    const parse = analysis.checks.find((c) => c.name === 'xades.document.parse');
    expect(parse).toBeDefined();
    for (const check of [...analysis.checks, ...analysis.signatures.flatMap((s) => s.checks)])
      expect(check.detail).toMatch(/\S/);
  };

  it(
    'when the bytes are arbitrary, then parsing gives a document or XmlRejected with a reason',
    () => {
      fc.assert(fc.property(garbage(XML_TOKENS), parseOnly), fuzzParameters());
    },
    fuzzTimeout(5),
  );

  it(
    'when a signed XAdES document is mutated, then parsing gives a document or XmlRejected',
    () => {
      fc.assert(fc.property(mutated(valid), parseOnly), fuzzParameters());
    },
    fuzzTimeout(5),
  );

  it(
    'when a signed XAdES document is mutated, then the analysis is a report and never throws',
    () => {
      fc.assert(fc.property(mutated(valid), analyse), fuzzParameters());
    },
    fuzzTimeout(40),
  );

  it(
    'when arbitrary XML-like text is analysed, then the analysis is a report and never throws',
    () => {
      fc.assert(fc.property(garbage(XML_TOKENS), analyse), fuzzParameters());
    },
    fuzzTimeout(10),
  );
});
