/** How the agency's key signs: the only two schemes a qualified seal device is expected to offer. */
export type SignatureAlgorithmName = 'rsa-pkcs1-sha256' | 'ecdsa-sha256';

/**
 * The agency's key, behind a port: a PKCS#12 file today, a PKCS#11 token or a remote signing
 * service later. The private key never leaves the implementation; callers only see certificates.
 */
export interface Signer {
  /** DER of the signing certificate. */
  readonly certificate: Uint8Array;
  /** DER of the issuing CAs, nearest first (the root is not needed, verifiers hold it). */
  readonly chain: readonly Uint8Array[];
  readonly signatureAlgorithm: SignatureAlgorithmName;
  /**
   * Signs `data` — the DER of the CMS signed attributes (a SET OF) — hashing it with SHA-256
   * itself, and returns the raw signature value: the RSA signature block, or for ECDSA the DER
   * Ecdsa-Sig-Value that CMS carries (not the r||s concatenation).
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
