import { failed, indeterminate, passed, warning, type Check } from '../check.js';
import { verifySignatureValue } from '../crypto/algorithms.js';
import {
  checkRevocation,
  type RevocationContext,
  type RevocationEvidence,
  type RevocationOutcome,
} from '../revocation/check-revocation.js';
import type { TrustAnchor, TrustStore } from '../trust/trust-store.js';
import { approvedAt, SERVICE_TYPE } from '../trust/trusted-list.js';
import { parseCertificate, type Certificate } from '../x509/certificate.js';

/** Longest path accepted; real qualified chains are 2–4 long. */
export const MAX_CHAIN_LENGTH = 8;

export type ChainSubIndication =
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'OUT_OF_BOUNDS_NOT_REVOKED'
  | 'NOT_YET_VALID'
  | 'REVOKED_NO_POE'
  | 'TRY_LATER'
  | 'CHAIN_CONSTRAINTS_FAILURE';

export interface ChainOutcome {
  path: Certificate[];
  anchor?: TrustAnchor;
  checks: Check[];
  revocation?: RevocationOutcome;
  failure?: {
    indication: 'TOTAL_FAILED' | 'INDETERMINATE';
    subIndication: ChainSubIndication;
    detail: string;
  };
}

export interface ChainContext extends RevocationContext {
  trust: TrustStore;
  /** Issuer certificates fetched over AIA, by URL; shared across documents. */
  issuerCache: Map<string, Promise<Certificate | undefined>>;
}

export type CertificatePurpose = 'signature' | 'timestamp';

/**
 * Builds the path from `leaf` to a trust anchor and validates it at `poe` (the best proof of the
 * signature's existence): issuer signatures, CA constraints, validity periods, the leaf's purpose
 * and every non-anchor certificate's revocation status.
 */
export async function validateChain(
  leaf: Certificate,
  poe: Date,
  purpose: CertificatePurpose,
  candidates: readonly Certificate[],
  evidence: RevocationEvidence,
  ctx: ChainContext,
): Promise<ChainOutcome> {
  const outcome: ChainOutcome = { path: [leaf], checks: [] };
  const fail = (
    indication: 'TOTAL_FAILED' | 'INDETERMINATE',
    subIndication: ChainSubIndication,
    name: string,
    detail: string,
  ): ChainOutcome => {
    outcome.checks.push(
      indication === 'TOTAL_FAILED' ? failed(name, detail) : indeterminate(name, detail),
    );
    outcome.failure ??= { indication, subIndication, detail };
    return outcome;
  };

  // 1. Path building: anchors first, then the certificates carried with the signature, then AIA.
  let current = leaf;
  while (!outcome.anchor) {
    const exact = ctx.trust.anchorsFor(current).find((a) => usableAnchor(a, purpose, poe));
    if (exact) {
      outcome.anchor = exact;
      break;
    }
    if (outcome.path.length > MAX_CHAIN_LENGTH)
      return fail(
        'INDETERMINATE',
        'NO_CERTIFICATE_CHAIN_FOUND',
        'chain.path',
        `no trust anchor within ${MAX_CHAIN_LENGTH} certificates`,
      );
    const anchorIssuer = ctx.trust
      .issuersOf(current)
      .find((a) => usableAnchor(a, purpose, poe) && issued(a.certificate, current));
    if (anchorIssuer) {
      outcome.anchor = anchorIssuer;
      if (anchorIssuer.certificate.id !== current.id) outcome.path.push(anchorIssuer.certificate);
      break;
    }
    if (current.selfIssued) break;
    const issuer =
      candidates.find((c) => c.id !== current.id && issued(c, current)) ??
      (await fetchIssuer(current, ctx));
    if (!issuer || outcome.path.some((p) => p.id === issuer.id)) break;
    outcome.path.push(issuer);
    current = issuer;
  }
  if (!outcome.anchor) {
    return fail(
      'INDETERMINATE',
      'NO_CERTIFICATE_CHAIN_FOUND',
      'chain.path',
      `no path from ${leaf.subject} to a trusted certificate`,
    );
  }
  outcome.checks.push(
    passed(
      'chain.path',
      `trusted through ${outcome.anchor.certificate.subject} (${outcome.anchor.source})`,
    ),
  );

  // 2. CA constraints on every issuer in the path.
  for (const ca of outcome.path.slice(1)) {
    if (!ca.isCa || (ca.keyUsage !== undefined && !ca.keyUsage.has('keyCertSign'))) {
      return fail(
        'INDETERMINATE',
        'CHAIN_CONSTRAINTS_FAILURE',
        'chain.ca-constraints',
        `${ca.subject} is not a certificate authority`,
      );
    }
  }

  // 3. The leaf's purpose.
  if (
    purpose === 'signature' &&
    leaf.keyUsage !== undefined &&
    !leaf.keyUsage.has('nonRepudiation')
  ) {
    return fail(
      'INDETERMINATE',
      'CHAIN_CONSTRAINTS_FAILURE',
      'chain.key-usage',
      "the signer's certificate is not meant for electronic signatures (no non-repudiation key usage)",
    );
  }

  // 4. Validity at the proof of existence (shell model: every certificate in the path).
  for (const cert of outcome.path) {
    if (poe.getTime() < cert.notBefore.getTime()) {
      return fail(
        'TOTAL_FAILED',
        'NOT_YET_VALID',
        'chain.validity',
        `${cert.subject} was not yet valid at ${poe.toISOString()}`,
      );
    }
    if (poe.getTime() > cert.notAfter.getTime()) {
      return fail(
        'INDETERMINATE',
        'OUT_OF_BOUNDS_NO_POE',
        'chain.validity',
        `${cert.subject} had expired (${cert.notAfter.toISOString()}) before the signature is proven to exist (${poe.toISOString()})`,
      );
    }
  }
  outcome.checks.push(
    passed('chain.validity', `every certificate was valid at ${poe.toISOString()}`),
  );

  // 5. Revocation of every certificate below the anchor.
  const anchorIndex = outcome.path.findIndex((c) => c.id === outcome.anchor?.certificate.id);
  const toCheck = outcome.path.slice(0, anchorIndex === -1 ? outcome.path.length - 1 : anchorIndex);
  for (const [i, cert] of toCheck.entries()) {
    const issuer = outcome.path[i + 1];
    if (!issuer) break;
    const result = await checkRevocation(cert, issuer, poe, evidence, ctx);
    outcome.checks.push(result.check);
    if (i === 0) outcome.revocation = result;
    if (result.status === 'revoked') {
      if (result.revocationTime && result.revocationTime.getTime() > poe.getTime()) {
        outcome.checks.push(
          warning(
            'chain.revoked-later',
            `${cert.subject} was revoked on ${result.revocationTime.toISOString()}, after the signature is proven to exist`,
          ),
        );
        continue;
      }
      return fail(
        'INDETERMINATE',
        'REVOKED_NO_POE',
        'chain.revocation',
        `${cert.subject} was revoked before the signature is proven to exist`,
      );
    }
    if (result.status === 'unknown' || result.status === 'unavailable') {
      return fail(
        'INDETERMINATE',
        'TRY_LATER',
        'chain.revocation',
        `the revocation status of ${cert.subject} is not known: ${result.check.detail}`,
      );
    }
  }
  return outcome;
}

/** Trusted-list service types that may anchor each purpose (ETSI TS 119 612 §5.5.1). */
const ANCHOR_TYPES: Readonly<Record<CertificatePurpose, readonly string[]>> = {
  signature: [SERVICE_TYPE.caQc, SERVICE_TYPE.caPkc],
  timestamp: [
    SERVICE_TYPE.qtst,
    SERVICE_TYPE.tsa,
    'http://uri.etsi.org/TrstSvc/Svctype/TSA/TSS-QC',
    'http://uri.etsi.org/TrstSvc/Svctype/TSA/TSS-AdESQCandQES',
    SERVICE_TYPE.caQc,
    SERVICE_TYPE.caPkc,
  ],
};

/**
 * An anchor from a file is trusted as configured; one from a trusted list only while its service
 * was approved (granted, or accredited under the old Directive) at the time in question, and only
 * for what its service type is for: a withdrawn TSA proves no time, a TSA service anchors no signer.
 */
function usableAnchor(anchor: TrustAnchor, purpose: CertificatePurpose, at: Date): boolean {
  if (!anchor.service) return true;
  return ANCHOR_TYPES[purpose].includes(anchor.service.type) && approvedAt(anchor.service, at);
}

/** Does `issuer` name and sign `subject`? */
export function issued(issuer: Certificate, subject: Certificate): boolean {
  if (!Buffer.from(issuer.subjectDer).equals(Buffer.from(subject.issuerDer))) return false;
  if (
    subject.authorityKeyId &&
    issuer.subjectKeyId &&
    subject.authorityKeyId !== issuer.subjectKeyId
  )
    return false;
  try {
    return verifySignatureValue({
      algorithmOid: subject.signatureAlgorithmOid,
      pss: subject.signaturePss,
      spki: issuer.publicKey,
      data: subject.tbs,
      signature: subject.signatureValue,
    });
  } catch {
    return false;
  }
}

async function fetchIssuer(cert: Certificate, ctx: ChainContext): Promise<Certificate | undefined> {
  if (ctx.offline || !ctx.fetcher) return undefined;
  for (const url of cert.caIssuerUrls) {
    let pending = ctx.issuerCache.get(url);
    if (!pending) {
      const fetcher = ctx.fetcher;
      pending = fetcher.get(url).then(
        (der) => parseCertificate(der),
        () => undefined,
      );
      ctx.issuerCache.set(url, pending);
    }
    const issuer = await pending;
    if (issuer && issued(issuer, cert)) return issuer;
  }
  return undefined;
}
