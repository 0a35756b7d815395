import { failed, indeterminate, passed, warning, type Check } from '../check.js';
import type { Certificate } from '../x509/certificate.js';
import { crlCovers, parseCrl, verifyCrlSignature, type CrlData } from './crl.js';
import type { Fetcher } from './fetcher.js';
import {
  buildOcspRequest,
  findSingle,
  parseOcsp,
  verifyOcspSignature,
  type OcspResponseData,
} from './ocsp.js';

/**
 * Revocation data issued this long before the proof of existence still counts as fresh: OCSP
 * responses are often fetched seconds to minutes before the time-stamp (BDOC/eDoc signers request
 * OCSP first), and 15 minutes is the tolerance the Estonian and Latvian validators allow.
 */
export const REVOCATION_FRESHNESS_TOLERANCE_MS = 15 * 60 * 1000;

export interface RevocationEvidence {
  ocsps: OcspResponseData[];
  crls: CrlData[];
}

export interface RevocationOutcome {
  status: 'good' | 'revoked' | 'unknown' | 'unavailable' | 'not-required';
  source?: 'embedded OCSP' | 'OCSP' | 'embedded CRL' | 'CRL';
  issuedAt?: Date;
  revocationTime?: Date;
  nextUpdate?: Date;
  check: Check;
}

/** Online answers are reused this long at most (and never past their nextUpdate). */
export const REVOCATION_CACHE_TTL_MS = 5 * 60 * 1000;
/** Clock difference allowed between us and a responder when judging thisUpdate. */
export const RESPONDER_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface RevocationCacheEntry {
  until: number;
  outcome: Promise<RevocationOutcome>;
}

export interface RevocationContext {
  fetcher?: Fetcher | undefined;
  offline: boolean;
  /** The validation time: online answers must be current at it. */
  at: Date;
  /** Shared across documents (and jobs): online answers by certificate id, with an expiry. */
  cache: Map<string, RevocationCacheEntry>;
}

/** Reads embedded revocation values, skipping unreadable ones (they can only fail to help). */
export function parseRevocationEvidence(
  ocsps: readonly Uint8Array[],
  crls: readonly Uint8Array[],
): RevocationEvidence {
  const evidence: RevocationEvidence = { ocsps: [], crls: [] };
  for (const der of ocsps) {
    try {
      evidence.ocsps.push(parseOcsp(der));
    } catch {
      /* unreadable evidence proves nothing */
    }
  }
  for (const der of crls) {
    try {
      evidence.crls.push(parseCrl(der));
    } catch {
      /* unreadable evidence proves nothing */
    }
  }
  return evidence;
}

/**
 * The revocation status of `cert` as proven by signed evidence: embedded data first, then the
 * certificate's OCSP responders and CRL distribution points unless offline. No evidence is never a
 * pass: the outcome is then 'unavailable' and the caller makes the signature INDETERMINATE.
 */
export async function checkRevocation(
  cert: Certificate,
  issuer: Certificate,
  poe: Date,
  evidence: RevocationEvidence,
  ctx: RevocationContext,
): Promise<RevocationOutcome> {
  const name = `revocation.${cert.subjectFields.CN ?? cert.serialHex}`;
  if (cert.ocspNoCheck)
    return {
      status: 'not-required',
      check: passed(name, 'the certificate is an OCSP responder marked no-check'),
    };
  const fresh = (issued: Date): boolean =>
    issued.getTime() >= poe.getTime() - REVOCATION_FRESHNESS_TOLERANCE_MS;

  const fromOcsp = (
    data: OcspResponseData,
    source: 'embedded OCSP' | 'OCSP',
  ): RevocationOutcome | undefined => {
    const single = findSingle(data, cert, issuer);
    if (!single) return undefined;
    const signature = verifyOcspSignature(data, issuer);
    if (!signature.ok)
      return {
        status: 'unavailable',
        source,
        check: failed(name, `${source}: ${signature.detail}`),
      };
    return outcomeOf(
      single.status,
      source,
      single.thisUpdate,
      single.revocationTime,
      single.nextUpdate,
    );
  };
  const fromCrl = (crl: CrlData, source: 'embedded CRL' | 'CRL'): RevocationOutcome | undefined => {
    if (!verifyCrlSignature(crl, issuer) || !crlCovers(crl, cert).covers) return undefined;
    const revokedAt = crl.revoked.get(cert.serialHex);
    return outcomeOf(
      revokedAt ? 'revoked' : 'good',
      source,
      crl.thisUpdate,
      revokedAt,
      crl.nextUpdate,
    );
  };
  const outcomeOf = (
    status: 'good' | 'revoked' | 'unknown',
    source: NonNullable<RevocationOutcome['source']>,
    issuedAt: Date,
    revocationTime?: Date,
    nextUpdate?: Date,
  ): RevocationOutcome => {
    const base = {
      status,
      source,
      issuedAt,
      ...(revocationTime ? { revocationTime } : {}),
      ...(nextUpdate ? { nextUpdate } : {}),
    };
    if (status === 'revoked')
      return {
        ...base,
        check: failed(
          name,
          `${source}: revoked on ${revocationTime?.toISOString() ?? '(unknown date)'}`,
        ),
      };
    if (status === 'unknown')
      return {
        ...base,
        check: indeterminate(name, `${source}: the responder does not know the certificate`),
      };
    return { ...base, check: passed(name, `${source} of ${issuedAt.toISOString()}: not revoked`) };
  };

  const stale: RevocationOutcome[] = [];
  for (const data of evidence.ocsps) {
    const result = fromOcsp(data, 'embedded OCSP');
    if (!result) continue;
    if (result.status === 'revoked' || (result.issuedAt && fresh(result.issuedAt))) return result;
    stale.push(result);
  }
  for (const crl of evidence.crls) {
    const result = fromCrl(crl, 'embedded CRL');
    if (!result) continue;
    if (result.status === 'revoked' || (result.issuedAt && fresh(result.issuedAt))) return result;
    stale.push(result);
  }
  if (ctx.offline || !ctx.fetcher) {
    const detail =
      stale.length > 0
        ? 'the embedded revocation data was issued before the signature existed'
        : 'no revocation data in the signature';
    return {
      status: 'unavailable',
      check: indeterminate(name, `${detail}, and online checks are off`),
    };
  }
  const key = cert.id;
  const cached = ctx.cache.get(key);
  if (cached && cached.until > Date.now()) return cached.outcome;
  const pending = fetchOnline(cert, issuer, ctx.fetcher, ctx.at, fromOcsp, fromCrl, name);
  ctx.cache.set(key, { until: Date.now() + REVOCATION_CACHE_TTL_MS, outcome: pending });
  const outcome = await pending;
  // An answer is reused until its nextUpdate at the latest; a failure is never reused.
  if (outcome.status === 'unavailable' || outcome.status === 'unknown') ctx.cache.delete(key);
  else if (outcome.nextUpdate)
    ctx.cache.set(key, {
      until: Math.min(Date.now() + REVOCATION_CACHE_TTL_MS, outcome.nextUpdate.getTime()),
      outcome: pending,
    });
  return outcome;
}

/** An online answer proves the current status only while it is current: not from the future, not past its nextUpdate. */
function current(answer: RevocationOutcome, at: Date): boolean {
  if (answer.status === 'revoked') return true;
  const now = at.getTime();
  if (answer.issuedAt && answer.issuedAt.getTime() > now + RESPONDER_CLOCK_SKEW_MS) return false;
  return !answer.nextUpdate || answer.nextUpdate.getTime() + RESPONDER_CLOCK_SKEW_MS >= now;
}

async function fetchOnline(
  cert: Certificate,
  issuer: Certificate,
  fetcher: Fetcher,
  at: Date,
  fromOcsp: (d: OcspResponseData, s: 'OCSP') => RevocationOutcome | undefined,
  fromCrl: (c: CrlData, s: 'CRL') => RevocationOutcome | undefined,
  name: string,
): Promise<RevocationOutcome> {
  const problems: string[] = [];
  for (const url of cert.ocspUrls) {
    try {
      const answer = fromOcsp(
        parseOcsp(
          await fetcher.post(url, buildOcspRequest(cert, issuer), 'application/ocsp-request'),
        ),
        'OCSP',
      );
      if (answer && answer.status !== 'unavailable' && current(answer, at)) return answer;
      problems.push(
        `${url}: ${!answer ? 'no answer about this certificate' : answer.status === 'unavailable' ? answer.check.detail : 'the answer is out of date (replayed or stale)'}`,
      );
    } catch (error) {
      problems.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const url of cert.crlUrls) {
    try {
      const answer = fromCrl(parseCrl(await fetcher.get(url)), 'CRL');
      if (answer && current(answer, at)) return answer;
      problems.push(
        `${url}: ${answer ? 'the CRL is out of date' : 'the CRL is not signed by the issuer or does not cover the certificate'}`,
      );
    } catch (error) {
      problems.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const detail = problems.length
    ? `revocation status could not be obtained (${problems.join('; ')})`
    : 'the certificate names no OCSP responder or CRL';
  return {
    status: 'unavailable',
    check: problems.length ? indeterminate(name, detail) : warning(name, detail),
  };
}
