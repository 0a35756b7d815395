import { describe, expect, it } from 'vitest';
import { parseXmlStrict } from '../../../../src/signature/xml/safe-xml.js';
import {
  canonicalise,
  UnsupportedCanonicalisation,
} from '../../../../src/signature/xades/canonicalise.js';

const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const C14N_11 = 'http://www.w3.org/2006/12/xml-c14n11';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';

function subset(xml: string, localName: string): Element {
  const document = parseXmlStrict(new TextEncoder().encode(xml), 'test.xml');
  return document.getElementsByTagNameNS('*', localName)[0] as Element;
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('canonicalising a subtree of a signature document', () => {
  const xml =
    '<r:Root xmlns:r="urn:r" xmlns:unused="urn:u" xmlns="urn:default">' +
    '<p:Mid xmlns:p="urn:p"><p:Apex b="2" a="1"><Child/></p:Apex></p:Mid></r:Root>';

  it('when inclusive c14n is used, then every namespace in scope on ancestors appears on the apex, sorted', () => {
    expect(text(canonicalise(subset(xml, 'Apex'), C14N_10))).toBe(
      '<p:Apex xmlns="urn:default" xmlns:p="urn:p" xmlns:r="urn:r" xmlns:unused="urn:u" a="1" b="2"><Child></Child></p:Apex>',
    );
  });

  it('when c14n 1.1 is used, then the result equals c14n 1.0 for a subtree without xml:* attributes', () => {
    expect(canonicalise(subset(xml, 'Apex'), C14N_11)).toEqual(
      canonicalise(subset(xml, 'Apex'), C14N_10),
    );
  });

  it('when exclusive c14n is used, then only visibly used namespaces appear', () => {
    expect(text(canonicalise(subset(xml, 'Apex'), EXC))).toBe(
      '<p:Apex xmlns:p="urn:p" a="1" b="2"><Child xmlns="urn:default"></Child></p:Apex>',
    );
  });

  it('when an ancestor undeclares the default namespace, then no default namespace is inherited', () => {
    const undeclared =
      '<Root xmlns="urn:default"><Mid xmlns=""><p:Apex xmlns:p="urn:p"/></Mid></Root>';
    expect(text(canonicalise(subset(undeclared, 'Apex'), C14N_10))).toBe(
      '<p:Apex xmlns:p="urn:p"></p:Apex>',
    );
  });

  it('when an ancestor carries xml:* attributes, then inclusive c14n refuses instead of guessing', () => {
    const withLang = '<Root xml:lang="lv"><Apex/></Root>';
    expect(() => canonicalise(subset(withLang, 'Apex'), C14N_10)).toThrow(
      UnsupportedCanonicalisation,
    );
  });

  it('when exclusive c14n has an InclusiveNamespaces list, then the DOM is left as it was', () => {
    const apex = subset(xml, 'Apex');
    const first = text(canonicalise(apex, EXC, ['unused']));
    expect(first).toContain('xmlns:unused="urn:u"');
    expect(apex.hasAttribute('xmlns:unused')).toBe(false);
  });
});
