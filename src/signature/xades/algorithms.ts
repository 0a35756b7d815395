/**
 * The algorithm identifiers (W3C XML-DSig, RFC 6931) this verifier accepts, mapped to node:crypto
 * names. Anything not listed here is refused, never guessed.
 */

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export const DIGEST_ALGORITHMS: ReadonlyMap<string, HashName> = new Map([
  ['http://www.w3.org/2000/09/xmldsig#sha1', 'sha1'],
  ['http://www.w3.org/2001/04/xmldsig-more#sha224', 'sha224'],
  ['http://www.w3.org/2001/04/xmlenc#sha256', 'sha256'],
  ['http://www.w3.org/2001/04/xmldsig-more#sha384', 'sha384'],
  ['http://www.w3.org/2001/04/xmlenc#sha512', 'sha512'],
]);

/** SHA-1 is broken for collisions; still found in old BDOC/edoc files, so it warns rather than fails. */
export const WEAK_HASHES: ReadonlySet<HashName> = new Set(['sha1']);

export type KeyFamily = 'rsa' | 'rsa-pss' | 'ec';

export interface SignatureAlgorithm {
  hash: HashName;
  family: KeyFamily;
}

export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> = new Map([
  ['http://www.w3.org/2000/09/xmldsig#rsa-sha1', { hash: 'sha1', family: 'rsa' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha224', { hash: 'sha224', family: 'rsa' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', { hash: 'sha256', family: 'rsa' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', { hash: 'sha384', family: 'rsa' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', { hash: 'sha512', family: 'rsa' }],
  ['http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1', { hash: 'sha1', family: 'rsa-pss' }],
  ['http://www.w3.org/2007/05/xmldsig-more#sha224-rsa-MGF1', { hash: 'sha224', family: 'rsa-pss' }],
  ['http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1', { hash: 'sha256', family: 'rsa-pss' }],
  ['http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1', { hash: 'sha384', family: 'rsa-pss' }],
  ['http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1', { hash: 'sha512', family: 'rsa-pss' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1', { hash: 'sha1', family: 'ec' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224', { hash: 'sha224', family: 'ec' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', { hash: 'sha256', family: 'ec' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384', { hash: 'sha384', family: 'ec' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512', { hash: 'sha512', family: 'ec' }],
]);

/** Output length in bytes; RFC 6931 makes it the default RSASSA-PSS salt length. */
export const HASH_LENGTH: Readonly<Record<HashName, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

export const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const C14N_10_COMMENTS = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
export const C14N_11 = 'http://www.w3.org/2006/12/xml-c14n11';
export const C14N_11_COMMENTS = 'http://www.w3.org/2006/12/xml-c14n11#WithComments';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const EXC_C14N_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';

export const CANONICALISATION_ALGORITHMS: ReadonlySet<string> = new Set([
  C14N_10,
  C14N_10_COMMENTS,
  C14N_11,
  C14N_11_COMMENTS,
  EXC_C14N,
  EXC_C14N_COMMENTS,
]);

/**
 * XML-DSig: a same-document reference without transforms yields a node-set, turned into octets
 * with inclusive c14n 1.0 without comments. XAdES timestamps without their own
 * CanonicalizationMethod use the same default.
 */
export const DEFAULT_CANONICALISATION = C14N_10;
