/** The digests a CMS signature can be made with here, by node:crypto name and by OID. */
export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';
/** SHA-1 is only ever read (old signatures), never used to sign. */
export type SigningDigest = Exclude<DigestName, 'sha1'>;

export const DIGEST_OID: Readonly<Record<DigestName, string>> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

/** Output length in bytes, to check a message imprint before it is sent anywhere. */
export const DIGEST_LENGTH: Readonly<Record<DigestName, number>> = {
  sha1: 20,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

export function digestNameOfOid(oid: string): DigestName | undefined {
  return (Object.keys(DIGEST_OID) as DigestName[]).find((name) => DIGEST_OID[name] === oid);
}
