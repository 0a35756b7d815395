import { isAppError } from '../../errors/index.js';
import {
  REVOCATION_FRESHNESS_TOLERANCE_MS,
  RESPONDER_CLOCK_SKEW_MS,
} from '../../signature/revocation/check-revocation.js';
import { crlCovers, parseCrl, verifyCrlSignature } from '../../signature/revocation/crl.js';
import {
  buildOcspRequest,
  findSingle,
  parseOcsp,
  verifyOcspSignature,
} from '../../signature/revocation/ocsp.js';
import type { Certificate } from '../../signature/x509/certificate.js';
import {
  checkSize,
  ltDataUnavailable,
  ltImpossible,
  MAX_CRL_BYTES,
  MAX_OCSP_RESPONSE_BYTES,
  shownUrl,
} from './add-dss-limits.js';
import { getOnce, type LtSession } from './add-dss-session.js';

/**
 * Fresh revocation data for one certificate: an OCSP response from the responders its AIA names,
 * else the CRL of its distribution point. Each answer is checked the way the project's verifier
 * will check it offline (signed by the issuer or its delegated responder, about this certificate,
 * current, and issued no earlier than the verifier's tolerance before the proof of existence), so
 * a DSS that is written is one the verifier accepts without the network.
 */

export interface RevocationProof {
  kind: 'ocsp' | 'crl';
  /** As the responder or distribution point sent it. */
  der: Uint8Array;
  /** Certificates that came with the answer (a delegated OCSP responder's): DSS /Certs too. */
  certificates: Certificate[];
}

const OCSP_REQUEST_TYPE = 'application/ocsp-request';

interface Answer {
  status: 'good' | 'revoked' | 'unknown';
  thisUpdate: Date;
  nextUpdate?: Date | undefined;
  revocationTime?: Date | undefined;
}

/** Why an answer cannot be used, or undefined when it can; a revocation before `poe` is fatal. */
function judge(cert: Certificate, answer: Answer, poe: Date, at: Date): string | undefined {
  if (answer.status === 'revoked') {
    const when = answer.revocationTime;
    if (!when || when.getTime() <= poe.getTime()) {
      throw ltImpossible(
        `${cert.subject} was revoked${when ? ` on ${when.toISOString()}` : ''}, before the signature's time ${poe.toISOString()}`,
      );
    }
    // Revoked after the time-stamp: the signature stays valid, and this answer is the proof.
    return undefined;
  }
  if (answer.status === 'unknown') return 'the responder does not know the certificate';
  if (answer.thisUpdate.getTime() > at.getTime() + RESPONDER_CLOCK_SKEW_MS) {
    return `it claims to be issued in the future (${answer.thisUpdate.toISOString()})`;
  }
  if (answer.nextUpdate && answer.nextUpdate.getTime() + RESPONDER_CLOCK_SKEW_MS < at.getTime()) {
    return `it expired at ${answer.nextUpdate.toISOString()}`;
  }
  if (answer.thisUpdate.getTime() < poe.getTime() - REVOCATION_FRESHNESS_TOLERANCE_MS) {
    return `it was issued at ${answer.thisUpdate.toISOString()}, before the signature's time ${poe.toISOString()}; a verifier needs data issued after it (try again once newer data is published)`;
  }
  return undefined;
}

async function fromOcsp(
  cert: Certificate,
  issuer: Certificate,
  url: string,
  poe: Date,
  session: LtSession,
): Promise<RevocationProof> {
  const der = checkSize(
    await session.fetcher.post(url, buildOcspRequest(cert, issuer), OCSP_REQUEST_TYPE),
    MAX_OCSP_RESPONSE_BYTES,
  );
  const data = parseOcsp(der);
  const single = findSingle(data, cert, issuer);
  if (!single) throw new Error('the response is not about this certificate');
  const signature = verifyOcspSignature(data, issuer);
  if (!signature.ok) throw new Error(signature.detail);
  const problem = judge(cert, single, poe, session.at);
  if (problem) throw new Error(problem);
  return { kind: 'ocsp', der, certificates: data.certificates };
}

async function fromCrl(
  cert: Certificate,
  issuer: Certificate,
  url: string,
  poe: Date,
  session: LtSession,
): Promise<RevocationProof> {
  const der = await getOnce(session, url, MAX_CRL_BYTES);
  const crl = parseCrl(der);
  if (!verifyCrlSignature(crl, issuer)) throw new Error('the CRL is not signed by the issuer');
  const scope = crlCovers(crl, cert);
  if (!scope.covers) throw new Error(scope.why ?? 'the CRL does not cover the certificate');
  const revocationTime = crl.revoked.get(cert.serialHex);
  const problem = judge(
    cert,
    {
      status: revocationTime ? 'revoked' : 'good',
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      revocationTime,
    },
    poe,
    session.at,
  );
  if (problem) throw new Error(problem);
  return { kind: 'crl', der, certificates: [] };
}

/**
 * Revocation data for `cert` (issued by `issuer`) that a verifier accepts for a signature proven
 * to exist at `poe`; undefined for an OCSP responder marked no-check, which needs none.
 * Throws SEAL_LT_DATA_UNAVAILABLE when no source gives a usable answer now.
 */
export async function revocationProof(
  cert: Certificate,
  issuer: Certificate,
  poe: Date,
  session: LtSession,
): Promise<RevocationProof | undefined> {
  if (cert.ocspNoCheck) return undefined;
  if (cert.ocspUrls.length === 0 && cert.crlUrls.length === 0) {
    throw ltImpossible(`${cert.subject} names no OCSP responder and no CRL distribution point`);
  }
  const problems: string[] = [];
  const sources = [
    ...cert.ocspUrls.map((url) => ({ url, get: () => fromOcsp(cert, issuer, url, poe, session) })),
    ...cert.crlUrls.map((url) => ({ url, get: () => fromCrl(cert, issuer, url, poe, session) })),
  ];
  for (const source of sources) {
    try {
      return await source.get();
    } catch (error) {
      if (isAppError(error)) throw error;
      problems.push(
        `${shownUrl(source.url)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  throw ltDataUnavailable(`no usable revocation data for ${cert.subject} (${problems.join('; ')})`);
}
