import { createHash, timingSafeEqual } from 'node:crypto';
import { DIGEST_ALGORITHMS, type HashName } from './algorithms.js';
import { attribute, decodeBase64, onlyChild, textOf } from './dom.js';
import { NS_DS } from './namespaces.js';

export function hash(name: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(name).update(data).digest());
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** A ds:DigestMethod + ds:DigestValue pair (Reference, CertDigest), or why it is unusable. */
export type DigestPair =
  | { ok: true; hash: HashName; algorithm: string; value: Uint8Array }
  | { ok: false; reason: string };

export function readDigestPair(parent: Element): DigestPair {
  const method = onlyChild(parent, NS_DS, 'DigestMethod');
  const valueElement = onlyChild(parent, NS_DS, 'DigestValue');
  if (!method || !valueElement)
    return { ok: false, reason: 'needs exactly one ds:DigestMethod and one ds:DigestValue' };
  const algorithm = attribute(method, 'Algorithm') ?? '';
  const name = DIGEST_ALGORITHMS.get(algorithm);
  if (!name)
    return { ok: false, reason: `digest algorithm ${algorithm || '(none)'} is not accepted` };
  const value = decodeBase64(textOf(valueElement));
  if (!value) return { ok: false, reason: 'DigestValue is not base64' };
  return { ok: true, hash: name, algorithm, value };
}
