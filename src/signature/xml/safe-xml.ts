import { DOMParser } from '@xmldom/xmldom';

/** Signature and manifest files are a few KB; the largest real XAdES-LTA seen is under 1 MB. */
export const MAX_XML_BYTES = 8 * 1024 * 1024;
/** Real signature documents nest about 12 deep; far deeper is an attack on the parser. */
export const MAX_XML_DEPTH = 64;
/** Elements in one document; a XAdES-LTA with full chains has a few hundred. */
export const MAX_XML_ELEMENTS = 100_000;

export class XmlRejected extends Error {
  override readonly name = 'XmlRejected';
}

/**
 * Parses an XML document for signature work. Refuses, before parsing, anything with a DOCTYPE
 * (no DTDs, no entities: XXE and billion-laughs cannot happen) or beyond the size limit; after
 * parsing, anything too deep or too large, and any parser error or warning (malformed XML is
 * never "repaired" into something else).
 */
export function parseXmlStrict(bytes: Uint8Array, what: string): Document {
  if (bytes.byteLength > MAX_XML_BYTES)
    throw new XmlRejected(
      `${what}: ${bytes.byteLength} bytes exceeds the ${MAX_XML_BYTES}-byte XML limit`,
    );
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text))
    throw new XmlRejected(`${what}: DTDs and entity declarations are not allowed`);
  const problems: string[] = [];
  const parser = new DOMParser({
    locator: {},
    errorHandler: {
      warning: (message: string) => problems.push(message),
      error: (message: string) => problems.push(message),
      fatalError: (message: string) => problems.push(message),
    },
  });
  let document: Document;
  try {
    document = parser.parseFromString(text, 'application/xml');
  } catch (error) {
    throw new XmlRejected(
      `${what}: not well-formed XML (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (problems.length > 0)
    throw new XmlRejected(`${what}: not well-formed XML (${problems[0]?.split('\n')[0]})`);
  if (!document.documentElement) throw new XmlRejected(`${what}: no root element`);
  assertShape(document, what);
  return document;
}

function assertShape(document: Document, what: string): void {
  let elements = 0;
  // Iterative walk: a recursive one would itself be the stack-overflow the depth limit prevents.
  const stack: Array<{ node: Node; depth: number }> = [
    { node: document.documentElement as unknown as Node, depth: 1 },
  ];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: Node; depth: number };
    if (node.nodeType !== 1) continue;
    elements += 1;
    if (depth > MAX_XML_DEPTH)
      throw new XmlRejected(`${what}: nesting deeper than ${MAX_XML_DEPTH}`);
    if (elements > MAX_XML_ELEMENTS)
      throw new XmlRejected(`${what}: more than ${MAX_XML_ELEMENTS} elements`);
    for (let child = node.firstChild; child; child = child.nextSibling)
      stack.push({ node: child, depth: depth + 1 });
  }
}
