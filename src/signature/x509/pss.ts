import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_OIDS, type PssParameters } from '../crypto/algorithms.js';

/** RSASSA-PSS-params (RFC 4055); absent fields take the RFC defaults (SHA-1, salt 20). */
export function parsePssParameters(params: unknown): PssParameters | undefined {
  if (!(params instanceof asn1js.Sequence)) return { digest: 'sha1', saltLength: 20 };
  try {
    const parsed = new pkijs.RSASSAPSSParams({ schema: params });
    const digest = DIGEST_OIDS[parsed.hashAlgorithm.algorithmId];
    if (!digest) return undefined;
    return { digest, saltLength: parsed.saltLength };
  } catch {
    return undefined;
  }
}
