import { AppError } from '../../errors/index.js';

/**
 * The port through which the seal reaches a PKCS#11 token: list its private keys, sign with one.
 * The adapter (src/adapters/pkcs11-tool.ts) drives OpenSC's pkcs11-tool; a native binding could
 * take its place. Every call logs in with the user PIN; the private key never leaves the token.
 */

/** Which token, and how to log in to it. */
export interface Pkcs11Login {
  /** Path of the token vendor's PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so). */
  module: string;
  tokenLabel: string;
  /** The user PIN. Implementations keep it out of argv, error messages and logs. */
  pin: string;
}

export interface Pkcs11PrivateKey {
  /** CKA_LABEL. */
  label: string;
  /** CKA_ID in lower-case hex; empty when the key has none. */
  id: string;
}

/**
 * The two mechanisms a seal needs, by their PKCS#11 names: RSA PKCS#1 v1.5 where the token
 * hashes with SHA-256, and plain ECDSA over a digest the caller made (output r||s).
 */
export type Pkcs11Mechanism = 'CKM_SHA256_RSA_PKCS' | 'CKM_ECDSA';

export interface Pkcs11SignRequest {
  /** CKA_ID (hex) of the private key. */
  keyId: string;
  mechanism: Pkcs11Mechanism;
  input: Uint8Array;
}

/**
 * Implementations throw AppError SEAL_FAILED; when the token refused the PIN (CKR_PIN_*), its
 * details carry `pinRefused: true`, so the caller can stop offering a PIN that would lock it.
 */
export interface Pkcs11Client {
  privateKeys(login: Pkcs11Login): Promise<Pkcs11PrivateKey[]>;
  /** The token's raw output: the RSA signature block, or r||s for ECDSA. */
  sign(login: Pkcs11Login, request: Pkcs11SignRequest): Promise<Uint8Array>;
}

export const isPinRefused = (error: unknown): boolean =>
  error instanceof AppError && error.details['pinRefused'] === true;
