import { MAX_REFERENCE_URI_LENGTH } from './limits.js';

/** What a ds:Reference URI points at, or why it is refused. */
export type ReferenceTarget =
  | { kind: 'same-document'; id: string }
  | { kind: 'entry'; name: string }
  | { kind: 'refused'; reason: string };

/**
 * A bare identifier: `#id` is the only same-document form accepted. Not restricted to NCName
 * because real signers write Ids starting with digits (e.g. "1591275401259-SignedProperties");
 * whitespace, parentheses, quotes and a second `#` are refused, which rules out XPointer.
 */
const BARE_ID = /^[^\s()#'"]+$/;
/** A URI scheme (`http:`, `file:`, `cid:`): such a reference would make us fetch or guess data. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Classifies a Reference URI. Same-document references must be `#id`; XPointer, the whole
 * document (`""`) and absent URIs are refused because they let a signature cover something other
 * than the one element the verifier looked at. Anything else is a relative path to a container
 * entry, percent-decoded to the exact entry name.
 */
export function classifyReferenceUri(uri: string | undefined): ReferenceTarget {
  if (uri === undefined) return { kind: 'refused', reason: 'the Reference has no URI' };
  if (uri === '') return { kind: 'refused', reason: 'URI="" (the whole document) is not accepted' };
  if (uri.length > MAX_REFERENCE_URI_LENGTH)
    return { kind: 'refused', reason: `URI longer than ${MAX_REFERENCE_URI_LENGTH} characters` };
  if (uri.startsWith('#')) {
    const id = uri.slice(1);
    if (!BARE_ID.test(id))
      return {
        kind: 'refused',
        reason: `"${uri}" is not a bare #id (XPointer and other forms are refused)`,
      };
    return { kind: 'same-document', id };
  }
  if (SCHEME.test(uri))
    return { kind: 'refused', reason: `"${uri}" is an absolute URI, not a container entry` };
  if (uri.includes('#') || uri.includes('?'))
    return { kind: 'refused', reason: `"${uri}" carries a fragment or query` };
  let name: string;
  try {
    name = decodeURIComponent(uri);
  } catch {
    return { kind: 'refused', reason: `"${uri}" is not validly percent-encoded` };
  }
  if (
    name.startsWith('/') ||
    name.split('/').some((segment) => segment === '..' || segment === '.')
  )
    return { kind: 'refused', reason: `"${uri}" is not a plain relative entry name` };
  return { kind: 'entry', name };
}
