import { issued, MAX_CHAIN_LENGTH } from '../../signature/chain/validate-chain.js';
import { parseCertificate, type Certificate } from '../../signature/x509/certificate.js';
import {
  ltDataUnavailable,
  ltImpossible,
  MAX_ISSUER_CERTIFICATE_BYTES,
  shownUrl,
} from './add-dss-limits.js';
import { getOnce, type LtSession } from './add-dss-session.js';
import { pemBlocksToDer } from './pem.js';

/**
 * The certificate path of a seal or a time-stamp, from its leaf up to the root: issuers are taken
 * from the certificates at hand (the CMS, the trust anchors) and, when missing, fetched from the
 * certificate's caIssuers URL (RFC 5280 §4.2.2.1), as the verifier would do online.
 */

const PEM_MARKER = '-----BEGIN';

/** A caIssuers answer: one DER certificate, or PEM blocks (some CAs publish those). */
function certificatesIn(bytes: Uint8Array): Certificate[] {
  const text = Buffer.from(bytes.subarray(0, PEM_MARKER.length)).toString('latin1');
  const ders =
    text === PEM_MARKER ? pemBlocksToDer(Buffer.from(bytes).toString('latin1')) : [bytes];
  return ders.map((der) => parseCertificate(der));
}

async function fetchIssuer(cert: Certificate, session: LtSession): Promise<Certificate> {
  if (cert.caIssuerUrls.length === 0) {
    throw ltImpossible(
      `the issuer of ${cert.subject} is neither among the seal's certificates and the trust anchors nor named by a caIssuers URL`,
    );
  }
  const problems: string[] = [];
  for (const url of cert.caIssuerUrls) {
    try {
      const found = certificatesIn(await getOnce(session, url, MAX_ISSUER_CERTIFICATE_BYTES)).find(
        (candidate) => issued(candidate, cert),
      );
      if (found) return found;
      problems.push(`${shownUrl(url)}: no certificate there issued ${cert.subject}`);
    } catch (error) {
      problems.push(`${shownUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw ltDataUnavailable(
    `the issuer certificate of ${cert.subject} could not be fetched (${problems.join('; ')})`,
  );
}

/**
 * `[leaf, issuer, …, top]`, where the top is a trust anchor or a self-issued root. Every
 * certificate but the top needs revocation data; the top is trusted as it is.
 */
export async function buildChain(
  leaf: Certificate,
  candidates: readonly Certificate[],
  anchors: readonly Certificate[],
  session: LtSession,
): Promise<Certificate[]> {
  const chain = [leaf];
  let current = leaf;
  while (!current.selfIssued && !anchors.some((anchor) => anchor.id === current.id)) {
    if (chain.length > MAX_CHAIN_LENGTH) {
      throw ltImpossible(`${leaf.subject} has no root within ${MAX_CHAIN_LENGTH} certificates`);
    }
    const issuer =
      [...anchors, ...candidates].find(
        (candidate) => candidate.id !== current.id && issued(candidate, current),
      ) ?? (await fetchIssuer(current, session));
    // A cross-certified loop would never reach a root; its last certificate is as high as we get.
    if (chain.some((link) => link.id === issuer.id)) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
