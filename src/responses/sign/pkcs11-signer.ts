import { createHash, verify as nodeVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors/index.js';
import { ecdsaRawToDer } from './ecdsa-signature-der.js';
import {
  isPinRefused,
  type Pkcs11Client,
  type Pkcs11Login,
  type Pkcs11Mechanism,
  type Pkcs11PrivateKey,
} from './pkcs11-client.js';
import type { SignatureAlgorithmName, Signer } from './signer.js';

/**
 * A Signer whose private key stays on a PKCS#11 token (smart card, HSM; SoftHSM in the tests),
 * reached through the Pkcs11Client port. Only the certificate is in this process.
 */

export interface Pkcs11SignerOptions extends Pkcs11Login {
  /** CKA_LABEL of the private key. */
  keyLabel: string;
  /** DER of the key's certificate; a signature that does not verify with it is refused. */
  certificate: Uint8Array;
  /** DER of the issuing CAs, nearest first. */
  chain?: readonly Uint8Array[];
}

const sealFailed = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('SEAL_FAILED', message, details === undefined ? {} : { details });

/** How the token signs for each scheme, and what it is given to sign. */
interface TokenScheme {
  mechanism: Pkcs11Mechanism;
  /** What goes to the token: the data itself (the token hashes) or its SHA-256 made here. */
  input: (data: Uint8Array) => Uint8Array;
  /** The token's output as the Signer port returns it. */
  output: (raw: Uint8Array) => Uint8Array;
}

const SCHEMES: Readonly<Record<SignatureAlgorithmName, TokenScheme>> = {
  'rsa-pkcs1-sha256': {
    mechanism: 'CKM_SHA256_RSA_PKCS',
    input: (data) => data,
    output: (raw) => raw,
  },
  // Plain CKM_ECDSA over a digest made here, not CKM_ECDSA_SHA256: every ECDSA token has the
  // former, while SoftHSM 2.6 and many cards lack the latter. Only the hash, which is no
  // secret, is computed outside the token; the key never leaves it.
  'ecdsa-sha256': {
    mechanism: 'CKM_ECDSA',
    input: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
    output: ecdsaRawToDer,
  },
};

function algorithmOf(publicKey: KeyObject): SignatureAlgorithmName {
  if (publicKey.asymmetricKeyType === 'rsa') return 'rsa-pkcs1-sha256';
  if (publicKey.asymmetricKeyType === 'ec') return 'ecdsa-sha256';
  throw sealFailed(
    `the seal certificate has a ${String(publicKey.asymmetricKeyType)} key; only RSA and ECDSA keys can seal`,
  );
}

/**
 * The CKA_ID of the one private key labelled `label`. Keys are signed with by ID because a
 * label is no unique name, and OpenSC's pkcs11-tool even ignores it when signing (it takes the
 * first private key). A key without an ID, or with one another key shares, is refused.
 */
function keyIdForLabel(keys: readonly Pkcs11PrivateKey[], label: string, token: string): string {
  const labelled = keys.filter((key) => key.label === label);
  const [key] = labelled;
  const where = `the PKCS#11 token '${token}'`;
  if (!key) {
    const known = keys.map((k) => `'${k.label}'`).join(', ') || 'none';
    throw sealFailed(`${where} has no private key labelled '${label}' (its keys: ${known})`);
  }
  if (labelled.length > 1) {
    throw sealFailed(`${where} has ${labelled.length} private keys labelled '${label}'`);
  }
  if (key.id === '') {
    throw sealFailed(`the key '${label}' on ${where} has no CKA_ID, so it cannot be selected`);
  }
  if (keys.filter((k) => k.id === key.id).length > 1) {
    throw sealFailed(`the key '${label}' on ${where} shares its CKA_ID ${key.id} with another key`);
  }
  return key.id;
}

/** Whether `signature` (DER for ECDSA, as node expects) verifies over `data` with the key. */
function verifies(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return nodeVerify('sha256', data, publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * The key is checked against the certificate on every signature, the first one included, so a
 * wrong label, a swapped key or a faulty card never puts an unverifiable seal on a letter
 * (checking before release is also the usual defence against RSA fault attacks).
 * Once the token refuses the PIN, this signer does not offer it again: tokens lock after a few
 * wrong PINs, and every letter in the queue would count as one more try.
 */
export function pkcs11Signer(options: Pkcs11SignerOptions, client: Pkcs11Client): Signer {
  if (options.pin === '') throw sealFailed('the PKCS#11 PIN is empty');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(options.certificate);
  } catch (error) {
    throw new AppError('SEAL_FAILED', 'the seal certificate for the PKCS#11 key cannot be read', {
      cause: error,
    });
  }
  const publicKey = certificate.publicKey;
  const signatureAlgorithm = algorithmOf(publicKey);
  const scheme = SCHEMES[signatureAlgorithm];
  // Copied field by field: the signer's closure must hold no more of `options` than it needs.
  const login: Pkcs11Login = Object.freeze({
    module: options.module,
    tokenLabel: options.tokenLabel,
    pin: options.pin,
  });
  const keyName = `the key '${options.keyLabel}' on the PKCS#11 token '${options.tokenLabel}'`;
  let pinRefusal: AppError | undefined;
  let keyId: Promise<string> | undefined;

  /** Every login goes through here, so a refused PIN is remembered whichever call met it. */
  const withLogin = async <T>(call: () => Promise<T>): Promise<T> => {
    if (pinRefusal) throw pinRefusal;
    try {
      return await call();
    } catch (error) {
      if (isPinRefused(error)) {
        const { message, details } = error as AppError;
        pinRefusal = sealFailed(
          `${message}; the PIN is not offered again until the service restarts`,
          { ...details },
        );
      }
      throw error;
    }
  };

  const findKeyId = async (): Promise<string> =>
    keyIdForLabel(
      await withLogin(() => client.privateKeys(login)),
      options.keyLabel,
      options.tokenLabel,
    );

  const sign = async (data: Uint8Array): Promise<Uint8Array> => {
    keyId ??= findKeyId().catch((error: unknown) => {
      keyId = undefined;
      throw error;
    });
    const request = { keyId: await keyId, mechanism: scheme.mechanism, input: scheme.input(data) };
    const raw = await withLogin(() => client.sign(login, request));
    let signature: Uint8Array;
    try {
      signature = scheme.output(raw);
    } catch (error) {
      throw sealFailed(`${keyName} gave an unreadable signature: ${(error as Error).message}`);
    }
    if (!verifies(publicKey, data, signature)) {
      throw sealFailed(
        `${keyName} does not belong to the certificate ${certificate.subject.replace(/\n/g, ', ')}: its signature does not verify`,
      );
    }
    return signature;
  };

  return Object.freeze({
    certificate: new Uint8Array(options.certificate),
    chain: Object.freeze((options.chain ?? []).map((der) => new Uint8Array(der))),
    signatureAlgorithm,
    sign,
  });
}
