import { parseXmlStrict, XmlRejected } from '../xml/safe-xml.js';
import { analyseSignature } from './analyse-signature.js';
import { childElements, isNamed } from './dom.js';
import { Findings } from './findings.js';
import { IdIndex } from './id-index.js';
import { MAX_SIGNATURES_PER_DOCUMENT } from './limits.js';
import { NS_ASIC, NS_DS } from './namespaces.js';
import type { ResolveEntry, XadesAnalysis } from './types.js';

/**
 * Analyses a `META-INF/signatures*.xml` of an ASiC-E / BDOC / eDoc container: an
 * asic:XAdESSignatures root holding ds:Signature elements, or a bare ds:Signature. Data files
 * are read through `resolveEntry` by their exact (URI-decoded) names.
 *
 * Returns a report; it does not throw for invalid or unreadable signature documents.
 */
export function analyseXadesDocument(
  xml: Uint8Array,
  fileName: string,
  resolveEntry: ResolveEntry,
): XadesAnalysis {
  const findings = new Findings();
  const analysis = (signatures: XadesAnalysis['signatures']): XadesAnalysis => {
    const result: XadesAnalysis = { fileName, checks: findings.checks(), signatures };
    const hint = findings.hint();
    if (hint) result.indicationHint = hint;
    return result;
  };

  let document: Document;
  try {
    document = parseXmlStrict(xml, fileName);
  } catch (error) {
    if (!(error instanceof XmlRejected)) throw error;
    findings.failed('xades.document.parse', error.message, 'FORMAT_FAILURE');
    return analysis([]);
  }
  findings.passed('xades.document.parse', 'well-formed XML without DTD');
  const root = document.documentElement as Element;

  let signatures: Element[];
  if (isNamed(root, NS_DS, 'Signature')) signatures = [root];
  else if (isNamed(root, NS_ASIC, 'XAdESSignatures')) {
    const children = childElements(root);
    signatures = children.filter((child) => isNamed(child, NS_DS, 'Signature'));
    if (signatures.length !== children.length)
      findings.failed(
        'xades.document.root',
        'asic:XAdESSignatures holds elements other than ds:Signature',
        'FORMAT_FAILURE',
      );
  } else {
    findings.failed(
      'xades.document.root',
      `root element {${root.namespaceURI ?? ''}}${root.localName} is neither asic:XAdESSignatures nor ds:Signature`,
      'FORMAT_FAILURE',
    );
    return analysis([]);
  }
  if (signatures.length === 0) {
    findings.failed('xades.document.root', 'the document holds no ds:Signature', 'FORMAT_FAILURE');
    return analysis([]);
  }
  if (signatures.length > MAX_SIGNATURES_PER_DOCUMENT) {
    findings.failed(
      'xades.document.root',
      `${signatures.length} signatures; at most ${MAX_SIGNATURES_PER_DOCUMENT} are analysed per document`,
      'FORMAT_FAILURE',
    );
    return analysis([]);
  }
  if (!findings.list.some((f) => f.check.name === 'xades.document.root'))
    findings.passed('xades.document.root', `${signatures.length} ds:Signature element(s)`);

  const ids = new IdIndex(root);
  const duplicates = ids.duplicates();
  // Referenced duplicates fail the reference itself; unreferenced ones are reported here.
  if (duplicates.length > 0)
    findings.warning(
      'xades.document.id-unique',
      `identifier(s) used more than once in the document: ${duplicates.slice(0, 5).join(', ')}`,
    );
  else findings.passed('xades.document.id-unique', 'every Id in the document is unique');

  return analysis(signatures.map((signature) => analyseSignature(signature, ids, resolveEntry)));
}
