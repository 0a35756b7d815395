import { createHash, sign as nodeSign, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrivateKeyList } from '../../../src/adapters/pkcs11-tool.js';
import { AppError, isAppError } from '../../../src/errors/index.js';
import { ecdsaRawToDer } from '../../../src/responses/sign/ecdsa-signature-der.js';
import { pkcs11Signer, type Pkcs11SignerOptions } from '../../../src/responses/sign/index.js';
import type {
  Pkcs11Client,
  Pkcs11PrivateKey,
  Pkcs11SignRequest,
} from '../../../src/responses/sign/pkcs11-client.js';
import { makeThrowaway, type Throwaway } from './support/throwaway-pki.js';

/**
 * The PKCS#11 signer's own decisions, with the token faked in memory: which key it signs with,
 * what it turns the token's output into, and when it stops offering the PIN. The real token
 * (SoftHSM2 through pkcs11-tool) is in test/integration/responses/pkcs11-seal.test.ts.
 */

let rsa: Throwaway;
let ec: Throwaway;
let other: Throwaway;

beforeAll(() => {
  rsa = makeThrowaway({ commonName: 'Seal RSA' });
  ec = makeThrowaway({ commonName: 'Seal EC', keyType: 'ec' });
  other = makeThrowaway({ commonName: 'Someone else' });
});

const DATA = new TextEncoder().encode('signed attributes');

/** A token in memory holding `keys`; `calls` records what the signer asked of it. */
function fakeToken(
  keys: (Pkcs11PrivateKey & { key?: Throwaway })[],
  failWith?: () => Error | undefined,
): Pkcs11Client & { calls: string[]; requests: Pkcs11SignRequest[] } {
  const calls: string[] = [];
  const requests: Pkcs11SignRequest[] = [];
  return {
    calls,
    requests,
    privateKeys: async () => {
      calls.push('list');
      const error = failWith?.();
      if (error) throw error;
      return keys.map(({ label, id }) => ({ label, id }));
    },
    sign: async (_login, request) => {
      calls.push('sign');
      requests.push(request);
      const holder = keys.find((k) => k.id === request.keyId)?.key;
      if (!holder) throw new Error(`no key ${request.keyId}`);
      if (request.mechanism === 'CKM_SHA256_RSA_PKCS') {
        return new Uint8Array(nodeSign('sha256', request.input, holder.key));
      }
      // CKM_ECDSA signs a digest as given; node cannot, so the fake signs the known preimage.
      expect(Buffer.from(request.input)).toEqual(createHash('sha256').update(DATA).digest());
      return new Uint8Array(
        nodeSign('sha256', DATA, { key: holder.key, dsaEncoding: 'ieee-p1363' }),
      );
    },
  };
}

function options(owner: Throwaway, extra: Partial<Pkcs11SignerOptions> = {}): Pkcs11SignerOptions {
  return {
    module: '/usr/lib/softhsm/libsofthsm2.so',
    tokenLabel: 'agency',
    pin: '4321',
    keyLabel: 'seal',
    certificate: owner.certDer,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error, 'SEAL_FAILED')).toBe(true);
  return error as AppError;
}

const pinRefused = (): AppError =>
  new AppError('SEAL_FAILED', 'C_Login failed: rv = CKR_PIN_INCORRECT (0xa0)', {
    details: { pkcs11Code: 'CKR_PIN_INCORRECT', pinRefused: true },
  });

describe('the PKCS#11 signer picks the key and the mechanism', () => {
  it('when the certificate is RSA, then the token signs the data itself with CKM_SHA256_RSA_PKCS, using the CKA_ID of the labelled key', async () => {
    const token = fakeToken([
      { label: 'old', id: '0a', key: other },
      { label: 'seal', id: '01', key: rsa },
    ]);
    const signer = pkcs11Signer(options(rsa), token);

    const signature = await signer.sign(DATA);

    expect(signer.signatureAlgorithm).toBe('rsa-pkcs1-sha256');
    expect(token.requests[0]).toMatchObject({ keyId: '01', mechanism: 'CKM_SHA256_RSA_PKCS' });
    expect(Buffer.from(token.requests[0]?.input ?? [])).toEqual(Buffer.from(DATA));
    expect(nodeVerify('sha256', DATA, new X509Certificate(rsa.certDer).publicKey, signature)).toBe(
      true,
    );
  });

  it('when the certificate is EC, then the token gets the SHA-256 digest for CKM_ECDSA and its r||s comes back as a DER Ecdsa-Sig-Value', async () => {
    const token = fakeToken([{ label: 'seal', id: '02', key: ec }]);
    const signer = pkcs11Signer(options(ec), token);

    const signature = await signer.sign(DATA);

    expect(signer.signatureAlgorithm).toBe('ecdsa-sha256');
    expect(token.requests[0]).toMatchObject({ mechanism: 'CKM_ECDSA' });
    expect(token.requests[0]?.input).toHaveLength(32);
    expect(signature[0]).toBe(0x30);
    // node's default for EC is DER, as key-signer.ts returns.
    expect(nodeVerify('sha256', DATA, new X509Certificate(ec.certDer).publicKey, signature)).toBe(
      true,
    );
  });

  it('when several letters are sealed, then the keys are listed once', async () => {
    const token = fakeToken([{ label: 'seal', id: '01', key: rsa }]);
    const signer = pkcs11Signer(options(rsa), token);

    await Promise.all([signer.sign(DATA), signer.sign(DATA), signer.sign(DATA)]);

    expect(token.calls.filter((c) => c === 'list')).toHaveLength(1);
  });

  it.each([
    [
      'no key has the label',
      [{ label: 'seal-2019', id: '01' }],
      /has no private key labelled 'seal'/,
    ],
    [
      'two keys have the label',
      [
        { label: 'seal', id: '01' },
        { label: 'seal', id: '02' },
      ],
      /2 private keys labelled 'seal'/,
    ],
    ['the key has no CKA_ID', [{ label: 'seal', id: '' }], /has no CKA_ID/],
    [
      'another key shares its CKA_ID',
      [
        { label: 'seal', id: '01' },
        { label: 'other', id: '01' },
      ],
      /shares its CKA_ID 01/,
    ],
  ])('when %s, then nothing is signed and SEAL_FAILED says why', async (_, keys, message) => {
    const token = fakeToken(keys);

    const error = await failure(pkcs11Signer(options(rsa), token).sign(DATA));

    expect(error.message).toMatch(message);
    expect(token.calls).not.toContain('sign');
  });
});

describe('the PKCS#11 signer refuses', () => {
  it("when the labelled key is not the certificate's, then its signature is not returned", async () => {
    const token = fakeToken([{ label: 'seal', id: '01', key: other }]);

    const error = await failure(pkcs11Signer(options(rsa), token).sign(DATA));

    expect(error.message).toMatch(/does not belong to the certificate CN=Seal RSA/);
  });

  it('when the token refused the PIN once, then the PIN is not offered again', async () => {
    const token = fakeToken([{ label: 'seal', id: '01', key: rsa }], pinRefused);
    const signer = pkcs11Signer(options(rsa), token);

    await failure(signer.sign(DATA));
    const second = await failure(signer.sign(DATA));

    expect(token.calls).toEqual(['list']);
    expect(second.message).toMatch(/CKR_PIN_INCORRECT.*not offered again/);
  });

  it('when listing the keys failed for another reason, then the next letter tries again', async () => {
    let failures = 1;
    const token = fakeToken([{ label: 'seal', id: '01', key: rsa }], () =>
      failures-- > 0 ? new AppError('SEAL_FAILED', 'CKR_DEVICE_REMOVED') : undefined,
    );
    const signer = pkcs11Signer(options(rsa), token);

    await failure(signer.sign(DATA));
    await signer.sign(DATA);

    expect(token.calls).toEqual(['list', 'list', 'sign']);
  });

  it('when the PIN is empty or the certificate unreadable, then the signer is not made', () => {
    const token = fakeToken([]);
    expect(() => pkcs11Signer(options(rsa, { pin: '' }), token)).toThrow(/PIN is empty/);
    expect(() =>
      pkcs11Signer(options(rsa, { certificate: new Uint8Array([1, 2, 3]) }), token),
    ).toThrow(/cannot be read/);
  });
});

describe('the token output and listing', () => {
  it('when r has its top bit set and s has leading zeros, then the DER integers are padded and trimmed', () => {
    const r = new Uint8Array(32).fill(0x80);
    const s = new Uint8Array(32);
    s[31] = 0x05;
    const der = Buffer.from(ecdsaRawToDer(new Uint8Array([...r, ...s])));

    expect(der.subarray(0, 4).toString('hex')).toBe('30260221');
    expect(der.subarray(4, 5).toString('hex')).toBe('00');
    expect(der.subarray(-3).toString('hex')).toBe('020105');
  });

  it('when P-521 components make the sequence longer than 127 bytes, then the long length form is used', () => {
    const der = ecdsaRawToDer(new Uint8Array(132).fill(0xff));

    expect([...der.subarray(0, 3)]).toEqual([0x30, 0x81, 2 * (2 + 67)]);
  });

  it('when the token output has an odd length, then it is not taken for r||s', () => {
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(/not an r\|\|s pair/);
  });

  it("when pkcs11-tool lists private keys, then each block's label and CKA_ID are read", () => {
    const listing = [
      'Private Key Object; EC',
      '  label:      person ecdsa',
      '  ID:         0A',
      '  Usage:      sign',
      'Private Key Object; RSA ',
      '  label:      seal',
      '  ID:         01',
      '  Access:     sensitive',
      'Private Key Object; RSA ',
      '  Usage:      sign',
      '',
    ].join('\n');

    expect(parsePrivateKeyList(listing)).toEqual([
      { label: 'person ecdsa', id: '0a' },
      { label: 'seal', id: '01' },
      { label: '', id: '' },
    ]);
  });
});
