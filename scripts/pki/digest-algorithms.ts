/** The digests the test PKI signs with and accepts: the production table in src. */
export {
  DIGEST_LENGTH,
  DIGEST_OID,
  digestNameOfOid,
  type DigestName,
  type SigningDigest,
} from '../../src/responses/sign/digest-algorithms.js';
