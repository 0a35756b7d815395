import { NS_XML } from './namespaces.js';

/**
 * Small DOM helpers that look only at direct children and compare namespace URI plus local name:
 * a lookup by prefix or a deep search (getElementsByTagName) is how signature-wrapping attacks
 * get a verifier to read an element other than the one that was signed.
 */
export const ELEMENT_NODE = 1;

export function isElement(node: Node | null | undefined): node is Element {
  return node !== null && node !== undefined && node.nodeType === ELEMENT_NODE;
}

export function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling)
    if (isElement(child)) out.push(child);
  return out;
}

export function isNamed(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}

export function childrenNamed(parent: Element, namespace: string, localName: string): Element[] {
  return childElements(parent).filter((child) => isNamed(child, namespace, localName));
}

/** The only child with that name, or undefined when there is none or more than one. */
export function onlyChild(
  parent: Element,
  namespace: string,
  localName: string,
): Element | undefined {
  const found = childrenNamed(parent, namespace, localName);
  return found.length === 1 ? found[0] : undefined;
}

/** Follows a path of direct children, each step required to be unique. */
export function childPath(
  parent: Element,
  steps: ReadonlyArray<readonly [namespace: string, localName: string]>,
): Element | undefined {
  let current: Element | undefined = parent;
  for (const [namespace, localName] of steps) {
    if (!current) return undefined;
    current = onlyChild(current, namespace, localName);
  }
  return current;
}

export function textOf(element: Element): string {
  return element.textContent ?? '';
}

/** An attribute without namespace; undefined when absent (getAttribute gives '' for both in xmldom). */
export function attribute(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? '') : undefined;
}

/** Attributes that any XML-DSig implementation might treat as an element's identifier. */
export function identifierValues(element: Element): string[] {
  const values: string[] = [];
  for (const name of ['Id', 'ID', 'id']) {
    const value = attribute(element, name);
    if (value !== undefined) values.push(value);
  }
  const xmlId = element.getAttributeNS(NS_XML, 'id');
  if (xmlId) values.push(xmlId);
  return values;
}

/** Every element of the document, iteratively (the parser already bounded depth and count). */
export function allElements(root: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as Element;
    out.push(element);
    const children = childElements(element);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i] as Element);
  }
  return out;
}

export function isDescendantOrSelf(node: Node, ancestor: Node): boolean {
  for (let current: Node | null = node; current; current = current.parentNode)
    if (current === ancestor) return true;
  return false;
}

/** Base64 as found in XML: whitespace allowed between characters, anything else rejected. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
    return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}
