import { describe, expect, it } from 'vitest';
import {
  crlCovers,
  type CrlData,
  type CrlScope,
} from '../../../../src/signature/revocation/crl.js';
import type { Certificate } from '../../../../src/signature/x509/certificate.js';

const crl = (scope: Partial<CrlScope>): CrlData => ({
  der: new Uint8Array(),
  issuerDer: new Uint8Array(),
  thisUpdate: new Date(),
  revoked: new Map(),
  tbs: new Uint8Array(),
  signatureAlgorithmOid: '',
  signatureParams: undefined,
  signature: new Uint8Array(),
  scope: {
    delta: false,
    onlyUserCerts: false,
    onlyCaCerts: false,
    distributionPointUrls: [],
    ...scope,
  },
});
const signer = { isCa: false, crlUrls: ['http://ca.test/qualified.crl'] } as unknown as Certificate;

describe('which CRL may say "not revoked"', () => {
  it('a full CRL of the issuer covers the certificate', () => {
    expect(crlCovers(crl({}), signer).covers).toBe(true);
    expect(
      crlCovers(
        crl({ onlyUserCerts: true, distributionPointUrls: ['http://ca.test/qualified.crl'] }),
        signer,
      ).covers,
    ).toBe(true);
  });

  it.each([
    [{ delta: true }, /delta CRL/],
    [{ onlyCaCerts: true }, /CA certificates only/],
    [{ distributionPointUrls: ['http://ca.test/partition-2.crl'] }, /another distribution point/],
    [{ unsupported: 'it covers only some revocation reasons' }, /only some revocation reasons/],
  ])('a CRL with scope %o cannot prove a signer unrevoked', (scope, why) => {
    const result = crlCovers(crl(scope), signer);
    expect(result.covers).toBe(false);
    expect(result.why).toMatch(why);
  });
});
