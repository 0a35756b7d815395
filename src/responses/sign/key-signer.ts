import { createPublicKey, sign as nodeSign, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors/index.js';
import type { SignatureAlgorithmName, Signer } from './signer.js';

/** A private key in this process, used through node:crypto (OpenSSL) to sign. */
export interface KeySignerInput {
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  key: KeyObject;
  /** Where the key came from, for error messages ("the PKCS#12 file"). Never key material. */
  source: string;
}

const sealFailed = (message: string, cause?: unknown): AppError =>
  new AppError('SEAL_FAILED', message, cause === undefined ? {} : { cause });

function algorithmOf(key: KeyObject, source: string): SignatureAlgorithmName {
  if (key.asymmetricKeyType === 'rsa') return 'rsa-pkcs1-sha256';
  if (key.asymmetricKeyType === 'ec') return 'ecdsa-sha256';
  throw sealFailed(
    `the key in ${source} is ${String(key.asymmetricKeyType)}; only RSA and ECDSA keys can seal`,
  );
}

function spkiOf(key: KeyObject): Buffer {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return publicKey.export({ type: 'spki', format: 'der' });
}

/**
 * A Signer over a key held in memory. It refuses a key that does not belong to the certificate
 * at construction: otherwise every sealed letter would carry a signature nobody can verify.
 * The key lives only in this closure; the returned object holds no reference a logger could print.
 */
export function signerFromKey(input: KeySignerInput): Signer {
  if (input.key.type !== 'private') throw sealFailed(`${input.source} holds no private key`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(input.certificate);
  } catch (error) {
    throw sealFailed(`the signing certificate from ${input.source} cannot be read`, error);
  }
  if (!spkiOf(input.key).equals(spkiOf(certificate.publicKey))) {
    throw sealFailed(
      `the private key in ${input.source} does not belong to the certificate ${certificate.subject.replace(/\n/g, ', ')}`,
    );
  }
  const key = input.key;
  const signatureAlgorithm = algorithmOf(key, input.source);
  return Object.freeze({
    certificate: new Uint8Array(input.certificate),
    chain: Object.freeze(input.chain.map((der) => new Uint8Array(der))),
    signatureAlgorithm,
    // The callback form runs on libuv's thread pool, so an RSA-4096 signature does not stall
    // the event loop. For EC keys node's default output is the DER Ecdsa-Sig-Value.
    sign: (data: Uint8Array): Promise<Uint8Array> =>
      new Promise((resolve, reject) => {
        nodeSign('sha256', data, key, (error, signature) => {
          if (error) reject(sealFailed(`signing with the key from ${input.source} failed`, error));
          else resolve(new Uint8Array(signature));
        });
      }),
  });
}
