import { parse as parseYaml } from 'yaml';
import { parseXmlStrict, XmlRejected } from '../signature/xml/safe-xml.js';

/**
 * A web service's operation description as P2 step 1 asks for it: a WSDL, an OpenAPI document
 * (JSON or YAML) or a PDF. "Present and parses" is checked here; what it says is for staff.
 */
export type DescriptionKind = 'wsdl' | 'openapi' | 'pdf';

export interface DescriptionCheck {
  kind: DescriptionKind | null;
  /** Why it does not count as a description; null when it parses. */
  problem: string | null;
}

/** OpenAPI documents worth reading are well under this; bigger text is refused, not parsed. */
export const MAX_OPENAPI_BYTES = 8 * 1024 * 1024;
/** YAML aliases can expand exponentially; a description needs few. */
const MAX_YAML_ALIASES = 100;

export function checkOperationDescription(filename: string, bytes: Uint8Array): DescriptionCheck {
  const name = filename.toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').trimStart();
  if (name.endsWith('.pdf') || head.startsWith('%PDF-')) {
    return head.startsWith('%PDF-')
      ? { kind: 'pdf', problem: null }
      : { kind: 'pdf', problem: `${filename} is named .pdf but is not a PDF` };
  }
  if (name.endsWith('.wsdl') || name.endsWith('.xml') || head.startsWith('<'))
    return checkWsdl(filename, bytes);
  if (/\.(json|ya?ml)$/.test(name) || head.startsWith('{') || head.startsWith('openapi'))
    return checkOpenApi(filename, bytes);
  return { kind: null, problem: `${filename} is not a WSDL, OpenAPI or PDF description` };
}

function checkWsdl(filename: string, bytes: Uint8Array): DescriptionCheck {
  try {
    const root = parseXmlStrict(bytes, filename).documentElement;
    const local = root?.localName ?? '';
    if (local === 'definitions' || local === 'description') return { kind: 'wsdl', problem: null };
    return { kind: 'wsdl', problem: `${filename}: the XML is not a WSDL (root element ${local})` };
  } catch (error) {
    const why = error instanceof XmlRejected ? error.message : 'the XML does not parse';
    return { kind: 'wsdl', problem: `${filename}: ${why}` };
  }
}

function checkOpenApi(filename: string, bytes: Uint8Array): DescriptionCheck {
  if (bytes.length > MAX_OPENAPI_BYTES)
    return { kind: 'openapi', problem: `${filename} is larger than ${MAX_OPENAPI_BYTES} bytes` };
  let document: unknown;
  try {
    const text = Buffer.from(bytes).toString('utf8');
    document = text.trimStart().startsWith('{')
      ? JSON.parse(text)
      : parseYaml(text, { maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    return { kind: 'openapi', problem: `${filename}: neither valid JSON nor YAML` };
  }
  const record = typeof document === 'object' && document !== null ? document : {};
  const version =
    (record as Record<string, unknown>)['openapi'] ??
    (record as Record<string, unknown>)['swagger'];
  if (typeof version !== 'string' || !('paths' in record))
    return {
      kind: 'openapi',
      problem: `${filename}: not an OpenAPI document (no "openapi" version and "paths")`,
    };
  return { kind: 'openapi', problem: null };
}
