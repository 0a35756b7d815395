import { constants, publicDecrypt, type KeyObject } from 'node:crypto';
import type { HashName } from './algorithms.js';
import { hash, sameBytes } from './digest.js';

/** DER of the hash OIDs, as they appear inside a PKCS#1 v1.5 DigestInfo. */
const HASH_OIDS: Readonly<Record<HashName, readonly number[]>> = {
  sha1: [0x2b, 0x0e, 0x03, 0x02, 0x1a],
  sha224: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04],
  sha256: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
  sha384: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02],
  sha512: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03],
};

/** PKCS#1 v1.5 (RFC 8017 §9.2) requires at least 8 octets of 0xFF padding. */
const MIN_PADDING_OCTETS = 8;

/**
 * Some Estonian ID-card signatures (e.g. those made with authentication keys through older
 * middleware) encode the DigestInfo AlgorithmIdentifier without the NULL parameters. RFC 4055
 * §2.1 says both encodings are legal and equivalent, and DSS and libdigidocpp accept them, but
 * OpenSSL's verify only accepts the NULL form. This checks the one alternative exactly:
 * 00 01 FF..FF 00 || SEQUENCE { SEQUENCE { OID }, OCTET STRING digest }, byte for byte.
 */
export function verifyPkcs1WithoutNullParameters(
  key: KeyObject,
  hashName: HashName,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  let block: Uint8Array;
  try {
    block = new Uint8Array(publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature));
  } catch {
    return false;
  }
  const oid = HASH_OIDS[hashName];
  const digest = hash(hashName, data);
  const algorithmIdentifier = [0x30, oid.length + 2, 0x06, oid.length, ...oid];
  const digestInfoBody = [...algorithmIdentifier, 0x04, digest.length, ...digest];
  const digestInfo = new Uint8Array([0x30, digestInfoBody.length, ...digestInfoBody]);
  const paddingLength = block.length - 3 - digestInfo.length;
  if (paddingLength < MIN_PADDING_OCTETS) return false;
  const expected = new Uint8Array(block.length);
  expected.set([0x00, 0x01]);
  expected.fill(0xff, 2, 2 + paddingLength);
  expected[2 + paddingLength] = 0x00;
  expected.set(digestInfo, 3 + paddingLength);
  return sameBytes(block, expected);
}
