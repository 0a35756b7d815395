import { attribute, childElements, childrenNamed, isNamed, onlyChild } from './dom.js';
import type { Findings } from './findings.js';
import type { IdIndex } from './id-index.js';
import { NS_DS, NS_XADES } from './namespaces.js';

/** The parts of one ds:Signature that the analysis trusts, found by position, never by search. */
export interface SignatureParts {
  signedInfo?: Element;
  signatureValue?: Element;
  keyInfo?: Element;
  qualifyingProperties?: Element;
  signedProperties?: Element;
  signedSignatureProperties?: Element;
  unsignedSignatureProperties?: Element;
  /** ds:Object elements other than the one holding QualifyingProperties. */
  otherObjects: Element[];
}

/**
 * Checks the XML-DSig and XAdES skeleton: SignedInfo, SignatureValue, KeyInfo (once each, in
 * that order, followed only by ds:Object), one QualifyingProperties targeting this signature,
 * and its SignedProperties with an Id. Only these elements are read later; content in other
 * ds:Objects or anywhere else in the document is never trusted.
 */
export function readSignatureStructure(
  signature: Element,
  ids: IdIndex,
  findings: Findings,
): SignatureParts {
  const parts: SignatureParts = { otherObjects: [] };
  const children = childElements(signature);
  const expected = ['SignedInfo', 'SignatureValue', 'KeyInfo'];
  const layoutOk =
    children.length >= 3 &&
    expected.every((name, i) => isNamed(children[i] as Element, NS_DS, name)) &&
    children.slice(3).every((child) => isNamed(child, NS_DS, 'Object'));
  if (layoutOk) {
    findings.passed(
      'xades.structure.layout',
      'one SignedInfo, one SignatureValue and one KeyInfo, in order, followed only by ds:Object',
    );
  } else {
    findings.failed(
      'xades.structure.layout',
      `ds:Signature must hold exactly one SignedInfo, SignatureValue and KeyInfo in that order, then only ds:Object; found ${children.map((c) => c.localName).join(', ') || 'nothing'}`,
      'FORMAT_FAILURE',
    );
  }
  const signedInfo = onlyChild(signature, NS_DS, 'SignedInfo');
  const signatureValue = onlyChild(signature, NS_DS, 'SignatureValue');
  const keyInfo = onlyChild(signature, NS_DS, 'KeyInfo');
  if (signedInfo) parts.signedInfo = signedInfo;
  if (signatureValue) parts.signatureValue = signatureValue;
  if (keyInfo) parts.keyInfo = keyInfo;

  const objects = childrenNamed(signature, NS_DS, 'Object');
  const holders = objects.filter(
    (o) => childrenNamed(o, NS_XADES, 'QualifyingProperties').length > 0,
  );
  parts.otherObjects = objects.filter((o) => !holders.includes(o));
  const qualifying = holders.flatMap((o) => childrenNamed(o, NS_XADES, 'QualifyingProperties'));
  if (qualifying.length !== 1) {
    findings.failed(
      'xades.structure.qualifying-properties',
      qualifying.length === 0
        ? 'no xades:QualifyingProperties in a ds:Object of this signature'
        : `${qualifying.length} xades:QualifyingProperties in this signature; exactly one is expected`,
      'FORMAT_FAILURE',
    );
    return parts;
  }
  const qualifyingProperties = qualifying[0] as Element;
  parts.qualifyingProperties = qualifyingProperties;
  checkTarget(signature, qualifyingProperties, ids, findings);

  const signedProperties = childrenNamed(qualifyingProperties, NS_XADES, 'SignedProperties');
  const only = signedProperties.length === 1 ? signedProperties[0] : undefined;
  if (!only || !attribute(only, 'Id')) {
    findings.failed(
      'xades.structure.signed-properties',
      only
        ? 'xades:SignedProperties has no Id, so no reference can cover it'
        : `QualifyingProperties holds ${signedProperties.length} SignedProperties; exactly one is expected`,
      'FORMAT_FAILURE',
    );
  } else {
    findings.passed(
      'xades.structure.signed-properties',
      `SignedProperties with Id "${attribute(only, 'Id')}"`,
    );
    parts.signedProperties = only;
    const ssp = onlyChild(only, NS_XADES, 'SignedSignatureProperties');
    if (ssp) parts.signedSignatureProperties = ssp;
  }
  const unsigned = onlyChild(qualifyingProperties, NS_XADES, 'UnsignedProperties');
  const usp = unsigned ? onlyChild(unsigned, NS_XADES, 'UnsignedSignatureProperties') : undefined;
  if (usp) parts.unsignedSignatureProperties = usp;
  return parts;
}

function checkTarget(
  signature: Element,
  qualifyingProperties: Element,
  ids: IdIndex,
  findings: Findings,
): void {
  const id = attribute(signature, 'Id');
  const target = attribute(qualifyingProperties, 'Target');
  if (!id) {
    findings.failed(
      'xades.structure.target',
      'ds:Signature has no Id for QualifyingProperties to target',
      'FORMAT_FAILURE',
    );
  } else if (target !== `#${id}`) {
    findings.failed(
      'xades.structure.target',
      `QualifyingProperties Target "${target ?? ''}" does not point to this signature ("#${id}")`,
      'FORMAT_FAILURE',
    );
  } else if (ids.carriers(id).length !== 1) {
    findings.failed(
      'xades.structure.target',
      `the signature Id "${id}" occurs more than once in the document`,
      'FORMAT_FAILURE',
    );
  } else {
    findings.passed(
      'xades.structure.target',
      `QualifyingProperties targets this signature ("#${id}")`,
    );
  }
}
