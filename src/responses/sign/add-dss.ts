import { AppError, isAppError } from '../../errors/index.js';
import type { Fetcher } from '../../signature/revocation/fetcher.js';
import { parseCertificate, type Certificate } from '../../signature/x509/certificate.js';
import { buildChain } from './add-dss-chain.js';
import { ltImpossible } from './add-dss-limits.js';
import { revocationProof } from './add-dss-revocation.js';
import { createLtSession, type LtSession } from './add-dss-session.js';
import { readPdf, signaturesNeeds, type SignatureNeeds } from './add-dss-signatures.js';
import { appendDss, type VriEntry } from './add-dss-write.js';

export interface ValidationDataOptions {
  /** The network: OCSP responders, CRL distribution points, caIssuers URLs. */
  fetcher: Fetcher;
  /** Now, for judging whether answers are current; default the clock. */
  at?: Date;
  /**
   * DER certificates the verifier trusts: a chain ends at the first of them it reaches (and
   * they are issuer candidates, saving a caIssuers fetch). Without them a chain ends at a
   * self-issued root.
   */
  trustAnchors?: Uint8Array[];
}

function parseAnchors(ders: readonly Uint8Array[]): Certificate[] {
  return ders.map((der, index) => {
    try {
      return parseCertificate(der);
    } catch (error) {
      throw ltImpossible(`trust anchor ${index + 1} is not a certificate`, error);
    }
  });
}

/** Chains, revocation data and responder certificates for one signature's VRI entry. */
async function gather(
  need: SignatureNeeds,
  anchors: readonly Certificate[],
  session: LtSession,
): Promise<VriEntry> {
  const certificates = new Map<string, Uint8Array>();
  const entry: VriEntry = { key: need.vriKey, certificates: [], ocsps: [], crls: [] };
  for (const { leaf, poe } of need.chains) {
    const chain = await buildChain(leaf, need.certificates, anchors, session);
    for (const cert of chain) certificates.set(cert.id, cert.der);
    // The top of the chain is trusted as it is; every certificate below it needs its status.
    for (const [index, cert] of chain.slice(0, -1).entries()) {
      const issuer = chain[index + 1] as Certificate;
      const proof = await revocationProof(cert, issuer, poe, session);
      if (!proof) continue;
      (proof.kind === 'ocsp' ? entry.ocsps : entry.crls).push(proof.der);
      for (const responder of proof.certificates) certificates.set(responder.id, responder.der);
    }
  }
  entry.certificates = [...certificates.values()];
  return entry;
}

/**
 * Makes a sealed PDF PAdES B-LT: appends an incremental update with a /DSS (ETSI EN 319 142-1
 * §5.4) holding, for every signature and document time-stamp, the signer's and the TSA's
 * certificate chains up to the root, a fresh OCSP response for each certificate below the root
 * (its CRL where it has no usable OCSP responder), and a /VRI entry per signature. The bytes
 * before it stay exactly as they were, so the seal still covers what it covered, and a verifier
 * can then validate it without the network.
 *
 * Run it after `sealPdf`, once revocation data issued after the seal's time-stamp exists: a CA
 * that only publishes CRLs may need hours (a retry) before its next CRL does.
 * Throws AppError SEAL_LT_DATA_UNAVAILABLE (retry later) or SEAL_FAILED (permanent).
 */
export async function addValidationData(
  pdf: Uint8Array,
  options: ValidationDataOptions,
): Promise<Uint8Array> {
  try {
    const at = options.at ?? new Date();
    if (Number.isNaN(at.getTime())) throw ltImpossible('the validation time is not a date');
    const anchors = parseAnchors(options.trustAnchors ?? []);
    const needs = signaturesNeeds(pdf, readPdf(pdf), at);
    const session = createLtSession(options.fetcher, at);
    const entries: VriEntry[] = [];
    for (const need of needs) entries.push(await gather(need, anchors, session));
    return await appendDss(pdf, entries);
  } catch (error) {
    if (isAppError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('SEAL_FAILED', `adding validation data failed: ${reason}`, {
      cause: error,
    });
  }
}
