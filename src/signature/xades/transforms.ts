import { CANONICALISATION_ALGORITHMS, EXC_C14N, EXC_C14N_COMMENTS } from './algorithms.js';
import { attribute, childElements, childrenNamed, isNamed } from './dom.js';
import { MAX_TRANSFORMS_PER_REFERENCE } from './limits.js';
import { NS_DS } from './namespaces.js';

const NS_EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** The one canonicalisation a Reference asks for, or why its transforms are refused. */
export type TransformPlan =
  | { ok: true; canonicalisation?: string; inclusivePrefixes: string[] }
  | { ok: false; reason: string };

/**
 * Reads ds:Transforms. Only canonicalisation is accepted: XPath, XSLT, enveloped-signature,
 * base64 and the rest can each make a signature cover something other than what a reader sees
 * (or cost unbounded work), and no XAdES container signature needs them. At most one
 * canonicalisation, because a chain of them has no single well-defined meaning for an element.
 */
export function readTransforms(reference: Element): TransformPlan {
  const containers = childrenNamed(reference, NS_DS, 'Transforms');
  if (containers.length === 0) return { ok: true, inclusivePrefixes: [] };
  if (containers.length > 1) return { ok: false, reason: 'more than one ds:Transforms' };
  const transforms = childElements(containers[0] as Element);
  if (transforms.length > MAX_TRANSFORMS_PER_REFERENCE)
    return { ok: false, reason: `more than ${MAX_TRANSFORMS_PER_REFERENCE} transforms` };
  if (transforms.some((t) => !isNamed(t, NS_DS, 'Transform')))
    return { ok: false, reason: 'ds:Transforms holds something other than ds:Transform' };
  if (transforms.length === 0) return { ok: false, reason: 'empty ds:Transforms' };
  if (transforms.length > 1)
    return {
      ok: false,
      reason: `${transforms.length} transforms; only one canonicalisation is accepted`,
    };
  const transform = transforms[0] as Element;
  const algorithm = attribute(transform, 'Algorithm') ?? '';
  if (!CANONICALISATION_ALGORITHMS.has(algorithm))
    return { ok: false, reason: `transform ${algorithm || '(none)'} is not a canonicalisation` };
  const parameters = readInclusivePrefixes(transform, algorithm);
  if (!parameters.ok) return parameters;
  return { ok: true, canonicalisation: algorithm, inclusivePrefixes: parameters.inclusivePrefixes };
}

/**
 * The InclusiveNamespaces PrefixList of an exclusive canonicalisation (the only parameter any
 * accepted algorithm has); any other child of a Transform or CanonicalizationMethod is refused.
 */
export function readInclusivePrefixes(
  method: Element,
  algorithm: string,
): { ok: true; inclusivePrefixes: string[] } | { ok: false; reason: string } {
  const children = childElements(method);
  if (children.length === 0) return { ok: true, inclusivePrefixes: [] };
  const exclusive = algorithm === EXC_C14N || algorithm === EXC_C14N_COMMENTS;
  const only = children[0] as Element;
  if (!exclusive || children.length > 1 || !isNamed(only, NS_EXC_C14N, 'InclusiveNamespaces'))
    return { ok: false, reason: `unexpected parameters in ${algorithm}` };
  const list = (attribute(only, 'PrefixList') ?? '').split(/\s+/).filter((p) => p !== '');
  if (list.includes('#default'))
    return { ok: false, reason: 'InclusiveNamespaces "#default" is not supported' };
  return { ok: true, inclusivePrefixes: list };
}
