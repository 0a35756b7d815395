/** The digests the test PKI signs with and accepts, by node:crypto name and by OID. */
export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type SigningDigest = Exclude<DigestName, 'sha1'>;

export const DIGEST_OID: Record<DigestName, string> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

export const DIGEST_LENGTH: Record<DigestName, number> = {
  sha1: 20,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

export function digestNameOfOid(oid: string): DigestName | undefined {
  return (Object.keys(DIGEST_OID) as DigestName[]).find((name) => DIGEST_OID[name] === oid);
}
