import type { KeyObject } from 'node:crypto';
import type { DigestName } from './algorithms.js';

/**
 * Dated algorithm constraints in the manner of ETSI TS 119 312 and the EU DSS default policy: an
 * algorithm is acceptable for a signature whose existence is proven before the date. After it,
 * the signature needs an earlier proof of existence (a time-stamp), else it is
 * INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE_NO_POE.
 */
export const DIGEST_ACCEPTABLE_UNTIL: Readonly<Record<DigestName, Date | null>> = {
  // SHA-1 collisions became practical (SHAttered, 2017); signatures have been phased out since 2013.
  sha1: new Date('2013-01-01T00:00:00Z'),
  sha224: new Date('2026-01-01T00:00:00Z'),
  sha256: null,
  sha384: null,
  sha512: null,
};

/** Minimum RSA modulus sizes and until when each was enough (TS 119 312: 1900 bits since 2020). */
export const RSA_KEY_SIZE_STEPS: ReadonlyArray<{ minBits: number; until: Date | null }> = [
  { minBits: 1900, until: null },
  { minBits: 1024, until: new Date('2016-01-01T00:00:00Z') },
];

/** EC curves below 256 bits are not accepted at all. */
export const MIN_EC_BITS = 256;

export interface StrengthVerdict {
  acceptable: boolean;
  /** Present when acceptable only with proof of existence before this date. */
  until?: Date;
  detail: string;
}

export function digestStrength(digest: DigestName): StrengthVerdict {
  const until = DIGEST_ACCEPTABLE_UNTIL[digest];
  return until === null
    ? { acceptable: true, detail: `${digest.toUpperCase()} is acceptable` }
    : {
        acceptable: true,
        until,
        detail: `${digest.toUpperCase()} is acceptable only for signatures proven to exist before ${until.toISOString().slice(0, 10)}`,
      };
}

export function keyStrength(key: KeyObject): StrengthVerdict {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    const bits = details?.modulusLength ?? 0;
    for (const step of RSA_KEY_SIZE_STEPS) {
      if (bits >= step.minBits) {
        return step.until === null
          ? { acceptable: true, detail: `RSA ${bits} bits is acceptable` }
          : {
              acceptable: true,
              until: step.until,
              detail: `RSA ${bits} bits is acceptable only for signatures proven to exist before ${step.until.toISOString().slice(0, 10)}`,
            };
      }
    }
    return { acceptable: false, detail: `RSA ${bits} bits is too weak` };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve ?? 'unknown';
    const bits =
      curve === 'prime256v1' ? 256 : curve === 'secp384r1' ? 384 : curve === 'secp521r1' ? 521 : 0;
    return bits >= MIN_EC_BITS
      ? { acceptable: true, detail: `ECDSA ${curve} is acceptable` }
      : { acceptable: false, detail: `EC curve ${curve} is not accepted` };
  }
  return {
    acceptable: false,
    detail: `key type ${key.asymmetricKeyType ?? 'unknown'} is not accepted`,
  };
}

/** The later of two constraints' dates: both must hold. */
export function combineStrength(a: StrengthVerdict, b: StrengthVerdict): StrengthVerdict {
  const acceptable = a.acceptable && b.acceptable;
  const dates = [a.until, b.until].filter((d): d is Date => d !== undefined);
  const until = dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : undefined;
  return { acceptable, ...(until ? { until } : {}), detail: [a.detail, b.detail].join('; ') };
}
