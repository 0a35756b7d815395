import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors/index.js';
import { pkcs12Signer } from '../../../src/responses/sign/index.js';
import { makeSealChain, type Throwaway } from './support/throwaway-pki.js';

let chain: { root: Throwaway; ca: Throwaway; seal: Throwaway };

beforeAll(() => {
  chain = makeSealChain();
});

/** A PKCS#12 as forge writes it (AES-256, SHA-256 MAC); openssl-made ones are in the integration tests. */
function p12Of(certificates: Throwaway[], password: string): Uint8Array {
  const key = forge.pki.privateKeyFromPem(chain.seal.keyPem);
  const certs = certificates.map((c) => forge.pki.certificateFromPem(c.certPem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: 'aes256' });
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

describe('the agency key from a PKCS#12 file', () => {
  it('when the file holds the key, its certificate and the CAs in any order, then the signer has the exact certificates, issuers nearest first', async () => {
    const signer = pkcs12Signer(p12Of([chain.root, chain.seal, chain.ca], 'pa$$wörd'), 'pa$$wörd');

    expect(Buffer.from(signer.certificate)).toEqual(Buffer.from(chain.seal.certDer));
    expect(signer.chain.map((c) => Buffer.from(c))).toEqual([
      Buffer.from(chain.ca.certDer),
      Buffer.from(chain.root.certDer),
    ]);
    expect(signer.signatureAlgorithm).toBe('rsa-pkcs1-sha256');
    const data = new TextEncoder().encode('signed attributes');
    const signature = await signer.sign(data);
    const { createVerify } = await import('node:crypto');
    expect(
      createVerify('sha256')
        .update(data)
        .verify(new X509Certificate(chain.seal.certDer).publicKey, signature),
    ).toBe(true);
  });

  it('when the password is wrong, then SEAL_FAILED says so without repeating it', () => {
    const p12 = p12Of([chain.seal], 'right password');
    let error: unknown;
    try {
      pkcs12Signer(p12, 'wrong password');
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'SEAL_FAILED')).toBe(true);
    expect((error as Error).message).toBe(
      'the PKCS#12 file cannot be opened: wrong password or damaged file',
    );
  });

  it('never shows key material when the signer is printed or serialised', () => {
    const signer = pkcs12Signer(p12Of([chain.seal], 'x'), 'x');
    const keyBody = chain.seal.keyPem.split('\n')[1] ?? '';
    expect(JSON.stringify(signer)).not.toContain(keyBody);
    expect(Object.keys(signer).sort()).toEqual([
      'certificate',
      'chain',
      'sign',
      'signatureAlgorithm',
    ]);
  });
});
