import { constants, createHash, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { verifyPkcs1WithoutNullParameters } from './pkcs1-digest-info.js';
import {
  CANONICALISATION_ALGORITHMS,
  HASH_LENGTH,
  SIGNATURE_ALGORITHMS,
  WEAK_HASHES,
  type SignatureAlgorithm,
} from './algorithms.js';
import { canonicalise, UnsupportedCanonicalisation } from './canonicalise.js';
import { attribute, childElements, decodeBase64, onlyChild, textOf } from './dom.js';
import type { Findings } from './findings.js';
import { NS_DS } from './namespaces.js';
import { readInclusivePrefixes } from './transforms.js';

const NS_PSS = 'http://www.w3.org/2007/05/xmldsig-more#';

/**
 * Canonicalises ds:SignedInfo by its own CanonicalizationMethod and verifies ds:SignatureValue
 * with the public key of the given certificate. Any failure here is SIG_CRYPTO_FAILURE, except an
 * unusable algorithm or encoding, which is FORMAT_FAILURE.
 */
export function verifySignatureValue(
  signedInfo: Element,
  signatureValue: Element,
  certificate: { der: Uint8Array; bound: boolean } | undefined,
  findings: Findings,
): void {
  const data = canonicalSignedInfo(signedInfo, findings);
  const algorithm = signatureAlgorithm(signedInfo, findings);
  const value = decodeBase64(textOf(signatureValue));
  if (!value)
    findings.failed(
      'xades.signature-value.encoding',
      'SignatureValue is not base64',
      'FORMAT_FAILURE',
    );
  if (!data || !algorithm || !value) return;
  if (!certificate) {
    findings.indeterminate(
      'xades.signature-value.crypto',
      'no certificate in ds:KeyInfo to verify the signature value with',
      'NO_SIGNING_CERTIFICATE_FOUND',
    );
    return;
  }
  let key: KeyObject;
  try {
    key = publicKeyOf(certificate.der);
  } catch {
    findings.failed(
      'xades.signature-value.crypto',
      'the signer certificate cannot be read',
      'FORMAT_FAILURE',
    );
    return;
  }
  const outcome = verifyWithKey(key, algorithm, signedInfo, data, value);
  if (!certificate.bound) {
    // EN 319 102-1 stops at "signing certificate not identified": a value that does not verify
    // with a certificate the signer never named proves nothing about forgery, and one that does
    // verify does not make that certificate the signer's.
    findings.indeterminate(
      'xades.signature-value.crypto',
      `not verified against an identified signer: the first KeyInfo certificate, which SigningCertificate does not name, ${outcome.ok ? 'does' : 'does not'} verify the value`,
      'NO_SIGNING_CERTIFICATE_FOUND',
    );
    return;
  }
  if (outcome.ok)
    findings.passed(
      'xades.signature-value.crypto',
      `the signature value verifies with the signer certificate's public key (${algorithm.family}, ${algorithm.hash})`,
    );
  else
    findings.failed(
      'xades.signature-value.crypto',
      `the signature value does not verify with the signer certificate's public key${outcome.reason ? ` (${outcome.reason})` : ''}`,
      'SIG_CRYPTO_FAILURE',
    );
}

function verifyWithKey(
  key: KeyObject,
  algorithm: SignatureAlgorithm,
  signedInfo: Element,
  data: Uint8Array,
  value: Uint8Array,
): { ok: boolean; reason?: string } {
  const keyType = key.asymmetricKeyType;
  const fits =
    algorithm.family === 'ec' ? keyType === 'ec' : keyType === 'rsa' || keyType === 'rsa-pss';
  if (!fits)
    return {
      ok: false,
      reason: `a ${algorithm.family} signature cannot come from a ${keyType ?? 'unknown'} key`,
    };
  try {
    if (verify(algorithm.hash, data, keyOptions(key, algorithm, signedInfo), value))
      return { ok: true };
  } catch {
    return { ok: false };
  }
  if (
    algorithm.family === 'rsa' &&
    verifyPkcs1WithoutNullParameters(key, algorithm.hash, data, value)
  )
    return { ok: true };
  return { ok: false };
}

function keyOptions(key: KeyObject, algorithm: SignatureAlgorithm, signedInfo: Element) {
  switch (algorithm.family) {
    case 'ec':
      // XML-DSig ECDSA signature values are the raw r||s concatenation, not DER (RFC 4050 / 6931).
      return { key, dsaEncoding: 'ieee-p1363' as const };
    case 'rsa-pss':
      return {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: pssSaltLength(signedInfo) ?? HASH_LENGTH[algorithm.hash],
      };
    case 'rsa':
      return { key, padding: constants.RSA_PKCS1_PADDING };
  }
}

/** An explicit pss:RSAPSSParams/pss:SaltLength overrides the RFC 6931 default (the hash length). */
function pssSaltLength(signedInfo: Element): number | undefined {
  const method = onlyChild(signedInfo, NS_DS, 'SignatureMethod');
  const params = method ? onlyChild(method, NS_PSS, 'RSAPSSParams') : undefined;
  const salt = params ? onlyChild(params, NS_PSS, 'SaltLength') : undefined;
  if (!salt) return undefined;
  const value = Number.parseInt(textOf(salt).trim(), 10);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function canonicalSignedInfo(signedInfo: Element, findings: Findings): Uint8Array | undefined {
  const method = onlyChild(signedInfo, NS_DS, 'CanonicalizationMethod');
  const algorithm = method ? (attribute(method, 'Algorithm') ?? '') : '';
  if (!method || !CANONICALISATION_ALGORITHMS.has(algorithm)) {
    findings.failed(
      'xades.signed-info.canonicalisation',
      method
        ? `SignedInfo canonicalisation ${algorithm || '(none)'} is not accepted`
        : 'SignedInfo needs exactly one ds:CanonicalizationMethod',
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  const parameters = readInclusivePrefixes(method, algorithm);
  if (!parameters.ok) {
    findings.failed('xades.signed-info.canonicalisation', parameters.reason, 'FORMAT_FAILURE');
    return undefined;
  }
  try {
    const bytes = canonicalise(signedInfo, algorithm, parameters.inclusivePrefixes);
    findings.passed(
      'xades.signed-info.canonicalisation',
      `SignedInfo canonicalised with ${algorithm}`,
    );
    return bytes;
  } catch (error) {
    if (!(error instanceof UnsupportedCanonicalisation)) throw error;
    findings.failed('xades.signed-info.canonicalisation', error.message, 'FORMAT_FAILURE');
    return undefined;
  }
}

function signatureAlgorithm(
  signedInfo: Element,
  findings: Findings,
): SignatureAlgorithm | undefined {
  const method = onlyChild(signedInfo, NS_DS, 'SignatureMethod');
  const uri = method ? (attribute(method, 'Algorithm') ?? '') : '';
  const algorithm = SIGNATURE_ALGORITHMS.get(uri);
  if (!method || !algorithm) {
    findings.failed(
      'xades.signature-value.algorithm',
      method
        ? `signature algorithm ${uri || '(none)'} is not accepted`
        : 'SignedInfo needs exactly one ds:SignatureMethod',
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  if (algorithm.family !== 'rsa-pss' && childElements(method).length > 0) {
    findings.failed(
      'xades.signature-value.algorithm',
      `unexpected parameters in ${uri}`,
      'FORMAT_FAILURE',
    );
    return undefined;
  }
  if (WEAK_HASHES.has(algorithm.hash))
    findings.warning(
      'xades.signature-value.algorithm',
      `${uri} uses ${algorithm.hash}, which is no longer collision resistant`,
    );
  else findings.passed('xades.signature-value.algorithm', `signature algorithm ${uri}`);
  return algorithm;
}

/** Public keys of the certificates seen, by DER: the same signers' keys every time. */
const MAX_CACHED_KEYS = 1000;
const keys = new Map<string, KeyObject>();

function publicKeyOf(der: Uint8Array): KeyObject {
  const id = createHash('sha256').update(der).digest('hex');
  let key = keys.get(id);
  if (!key) {
    key = new X509Certificate(der).publicKey;
    if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string);
    keys.set(id, key);
  }
  return key;
}
