import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  combineStrength,
  DIGEST_ACCEPTABLE_UNTIL,
  digestStrength,
  keyStrength,
} from '../../../src/signature/crypto/strength.js';

describe('dated algorithm constraints', () => {
  it('accepts SHA-256 without a date, and SHA-1 only before its end date', () => {
    expect(digestStrength('sha256')).toMatchObject({ acceptable: true });
    expect(digestStrength('sha256').until).toBeUndefined();
    expect(digestStrength('sha1')).toMatchObject({
      acceptable: true,
      until: DIGEST_ACCEPTABLE_UNTIL.sha1,
    });
  });

  it('judges RSA by modulus size: 2048 always, 1024 only with early proof of existence, 512 never', () => {
    const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;
    expect(keyStrength(rsa(2048))).toMatchObject({ acceptable: true });
    expect(keyStrength(rsa(2048)).until).toBeUndefined();
    expect(keyStrength(rsa(1024)).until?.toISOString()).toBe('2016-01-01T00:00:00.000Z');
    expect(keyStrength(rsa(512))).toMatchObject({ acceptable: false });
  });

  it('accepts the NIST curves P-256, P-384 and P-521', () => {
    for (const namedCurve of ['prime256v1', 'secp384r1', 'secp521r1']) {
      expect(keyStrength(generateKeyPairSync('ec', { namedCurve }).publicKey).acceptable).toBe(
        true,
      );
    }
  });

  it('combines two constraints: both must hold, the earlier end date wins', () => {
    const combined = combineStrength(digestStrength('sha1'), {
      acceptable: true,
      until: new Date('2020-01-01T00:00:00Z'),
      detail: 'x',
    });
    expect(combined.until).toEqual(DIGEST_ACCEPTABLE_UNTIL.sha1);
    expect(
      combineStrength(digestStrength('sha256'), { acceptable: false, detail: 'weak key' })
        .acceptable,
    ).toBe(false);
  });
});
