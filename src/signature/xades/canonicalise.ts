import {
  C14nCanonicalization,
  C14nCanonicalizationWithComments,
  ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments,
  type NamespacePrefix,
} from 'xml-crypto';
import {
  C14N_10,
  C14N_10_COMMENTS,
  C14N_11,
  C14N_11_COMMENTS,
  EXC_C14N,
  EXC_C14N_COMMENTS,
} from './algorithms.js';
import { isElement } from './dom.js';
import { NS_XML } from './namespaces.js';

export class UnsupportedCanonicalisation extends Error {
  override readonly name = 'UnsupportedCanonicalisation';
}

/**
 * Canonicalises one element (the apex of a document subset) to the bytes that were digested or
 * signed.
 *
 * Inclusive c14n (1.0 and 1.1) of a subset must render every namespace in scope at the apex,
 * including those declared on ancestors outside the subset (e.g. `xmlns:asic` on the
 * asic:XAdESSignatures root, `xmlns:ds` on ds:Signature when canonicalising SignedProperties).
 * xml-crypto only renders ancestors' declarations it is handed, so they are collected here;
 * forgetting them is the usual cause of false HASH_FAILUREs on real eDoc/BDOC files.
 *
 * c14n 1.1 is run through the 1.0 canonicaliser: the two differ only in how xml:id and xml:base
 * attributes of ancestors are inherited into the subset (1.0 copies all xml:* attributes to the
 * apex, 1.1 does not copy xml:id and fixes up xml:base). When an ancestor carries any xml:*
 * attribute the result would differ from both, so that case is refused instead of guessed.
 */
export function canonicalise(
  element: Element,
  algorithm: string,
  inclusivePrefixes: readonly string[] = [],
): Uint8Array {
  switch (algorithm) {
    case C14N_10:
    case C14N_11:
      return inclusive(element, new C14nCanonicalization());
    case C14N_10_COMMENTS:
    case C14N_11_COMMENTS:
      return inclusive(element, new C14nCanonicalizationWithComments());
    case EXC_C14N:
      return exclusive(element, new ExclusiveCanonicalization(), inclusivePrefixes);
    case EXC_C14N_COMMENTS:
      return exclusive(element, new ExclusiveCanonicalizationWithComments(), inclusivePrefixes);
    default:
      throw new UnsupportedCanonicalisation(`canonicalisation ${algorithm} is not supported`);
  }
}

function inclusive(element: Element, canonicaliser: C14nCanonicalization): Uint8Array {
  if (ancestorHasXmlAttributes(element))
    throw new UnsupportedCanonicalisation(
      'an ancestor carries xml:* attributes, whose inheritance is not implemented',
    );
  const ancestorNamespaces = inScopeAncestorNamespaces(element);
  const text = canonicaliser.process(element, { ancestorNamespaces });
  return new TextEncoder().encode(text);
}

function exclusive(
  element: Element,
  canonicaliser: ExclusiveCanonicalization,
  inclusivePrefixes: readonly string[],
): Uint8Array {
  // xml-crypto copies InclusiveNamespaces declarations onto the apex with setAttributeNS; they are
  // removed afterwards so one canonicalisation cannot change what the next one sees.
  const declaredBefore = new Set(ownDeclarations(element).map((ns) => ns.prefix));
  try {
    const text = canonicaliser.process(element, {
      inclusiveNamespacesPrefixList: [...inclusivePrefixes],
      ancestorNamespaces: inScopeAncestorNamespaces(element),
    });
    return new TextEncoder().encode(text);
  } finally {
    for (const ns of ownDeclarations(element))
      if (!declaredBefore.has(ns.prefix) && ns.prefix !== '')
        element.removeAttribute(`xmlns:${ns.prefix}`);
  }
}

function ownDeclarations(element: Element): NamespacePrefix[] {
  const out: NamespacePrefix[] = [];
  for (let i = 0; i < element.attributes.length; i += 1) {
    const attr = element.attributes.item(i);
    if (!attr) continue;
    if (attr.name === 'xmlns') out.push({ prefix: '', namespaceURI: attr.value });
    else if (attr.name.startsWith('xmlns:'))
      out.push({ prefix: attr.name.slice('xmlns:'.length), namespaceURI: attr.value });
  }
  return out;
}

/**
 * Namespace declarations in scope at the apex that come from its ancestors (nearest binding
 * wins), minus those the apex declares itself and minus undeclarations (`xmlns=""`).
 */
export function inScopeAncestorNamespaces(element: Element): NamespacePrefix[] {
  const seen = new Set(ownDeclarations(element).map((ns) => ns.prefix));
  const out: NamespacePrefix[] = [];
  for (let node = element.parentNode; isElement(node); node = node.parentNode) {
    for (const ns of ownDeclarations(node)) {
      if (seen.has(ns.prefix)) continue;
      seen.add(ns.prefix);
      if (ns.namespaceURI === '') continue;
      // An unprefixed apex renders its own (inherited) default namespace already; handing it over
      // again would print xmlns="..." twice.
      if (ns.prefix === '' && !element.prefix) continue;
      out.push(ns);
    }
  }
  return out;
}

function ancestorHasXmlAttributes(element: Element): boolean {
  for (let node = element.parentNode; isElement(node); node = node.parentNode)
    for (let i = 0; i < node.attributes.length; i += 1)
      if (node.attributes.item(i)?.namespaceURI === NS_XML) return true;
  return false;
}
