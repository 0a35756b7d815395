import { createPrivateKey, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors/index.js';
import { signerFromKey } from './key-signer.js';
import { pemBlocksToDer } from './pem.js';
import type { Signer } from './signer.js';

/**
 * A Signer from PEM text: certificate, unencrypted private key (PKCS#8, PKCS#1 or SEC1) and
 * optionally the issuing CAs. Meant for tests and the demo; production keys come as PKCS#12.
 */
export function pemSigner(certPem: string, keyPem: string, chainPem?: string): Signer {
  const [certificate] = pemBlocksToDer(certPem);
  if (!certificate) throw new AppError('SEAL_FAILED', 'the certificate PEM holds no PEM block');
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    // The cause is node's message about the format; it never quotes the key itself.
    throw new AppError('SEAL_FAILED', 'the private key PEM cannot be read', { cause: error });
  }
  return signerFromKey({
    certificate,
    chain: chainPem === undefined ? [] : pemBlocksToDer(chainPem),
    key,
    source: 'the PEM key',
  });
}
