import { check, indeterminate, passed, warning, type Check } from './check.js';
import { validateChain, type ChainOutcome } from './chain/validate-chain.js';
import type { CmsVerification } from './cms/verify-cms.js';
import type { VerifyContext } from './context.js';
import type { DigestName } from './crypto/algorithms.js';
import { combineStrength, digestStrength, keyStrength } from './crypto/strength.js';
import { parseRevocationEvidence } from './revocation/check-revocation.js';
import type { Indication, Level, Qualification, SignatureReport, SubIndication } from './report.js';
import { verifyTimestampToken } from './timestamp/verify-timestamp.js';
import { approvedAt, SERVICE_TYPE } from './trust/trusted-list.js';
import { OID, type Certificate } from './x509/certificate.js';

/** A claimed signing time may run ahead of the time-stamp by clock skew, not more. */
export const CLAIMED_TIME_SKEW_MS = 10 * 60 * 1000;

export interface Failure {
  indication: 'TOTAL_FAILED' | 'INDETERMINATE';
  subIndication: SubIndication;
  detail: string;
}

export interface TimestampInput {
  kind: 'signature' | 'archive' | 'document';
  token: Uint8Array;
  imprintInput?: Uint8Array | ((digest: DigestName) => Uint8Array);
}

/** What a format front-end (PAdES, XAdES, CAdES in ASiC) found, handed to the common evaluation. */
export interface SignatureEvidence {
  id: string;
  kind: SignatureReport['kind'];
  crypto: Pick<CmsVerification, 'checks' | 'signerCertificate'> & {
    ok: boolean;
    failure?: Failure | undefined;
    digest?: DigestName | undefined;
  };
  certificates: Certificate[];
  claimedSigningTime?: Date | undefined;
  timestamps: TimestampInput[];
  embeddedRevocation: { ocsps: Uint8Array[]; crls: Uint8Array[] };
  /** LT data present (DSS / CertificateValues+RevocationValues). */
  hasLtData: boolean;
  coverage: {
    verdict: SignatureReport['coverage']['verdict'];
    detail: string;
    covered: string[];
    checks: Check[];
    failure?: Failure | undefined;
  };
  extraChecks?: Check[];
}

/**
 * The format-independent part of validation (ETSI EN 319 102-1 basic + LT validation, simplified):
 * time-stamps give the proof of existence, algorithms are judged at that time, the chain and
 * revocation are validated at that time, and the worst failure becomes the indication.
 */
export async function evaluateSignature(
  evidence: SignatureEvidence,
  ctx: VerifyContext,
): Promise<SignatureReport> {
  const checks: Check[] = [
    ...evidence.coverage.checks,
    ...evidence.crypto.checks,
    ...(evidence.extraChecks ?? []),
  ];
  const failures: Failure[] = [];
  if (evidence.coverage.failure) failures.push(evidence.coverage.failure);
  if (evidence.crypto.failure) failures.push(evidence.crypto.failure);
  const signer = evidence.crypto.signerCertificate;
  const revocationEvidence = parseRevocationEvidence(
    evidence.embeddedRevocation.ocsps,
    evidence.embeddedRevocation.crls,
  );
  const candidates = [
    ...evidence.certificates,
    ...revocationEvidence.ocsps.flatMap((o) => o.certificates),
  ];

  // Time-stamps: each verified on its own, its TSA chain validated at its time.
  const timestamps: SignatureReport['timestamps'] = [];
  let bestTime: Date | undefined;
  for (const ts of evidence.timestamps) {
    let tsaTryLater = false;
    if (!ts.imprintInput) {
      timestamps.push({
        kind: ts.kind,
        genTime: null,
        tsa: null,
        valid: false,
        qualified: false,
        detail: "the time-stamp's covered data could not be determined, so it proves nothing",
      });
      checks.push(warning(`timestamp.${ts.kind}`, 'a time-stamp was not evaluated'));
      continue;
    }
    const result = verifyTimestampToken(ts.token, ts.imprintInput, candidates);
    checks.push(...result.checks);
    let valid = result.ok;
    let detail =
      result.checks.find((c) => c.status === 'failed' || c.status === 'indeterminate')?.detail ??
      'verified';
    let qualified = false;
    if (valid && result.tsaCertificate && result.genTime) {
      const chain = await validateChain(
        result.tsaCertificate,
        result.genTime,
        'timestamp',
        [...result.certificates, ...candidates],
        revocationEvidence,
        ctx,
      );
      const tsaFailure = chain.failure;
      // A time-stamp whose authority's status cannot be established proves no time: otherwise a
      // revoked TSA's back-dated token could make a revoked signer pass as "revoked later".
      if (tsaFailure) {
        valid = false;
        tsaTryLater ||= tsaFailure.subIndication === 'TRY_LATER';
        detail =
          tsaFailure.subIndication === 'TRY_LATER'
            ? `the time-stamping authority's revocation status is not known: ${tsaFailure.detail}`
            : `the time-stamping authority is not trusted: ${tsaFailure.detail}`;
        checks.push(indeterminate(`timestamp.${ts.kind}.tsa-chain`, detail));
      } else {
        checks.push(
          passed(
            `timestamp.${ts.kind}.tsa-chain`,
            `time-stamp by ${result.tsaCertificate.subject}`,
          ),
        );
        qualified =
          ctx.trust.isQualifiedTsa(result.tsaCertificate, result.genTime) ||
          (chain.anchor?.service?.type === SERVICE_TYPE.qtst &&
            approvedAt(chain.anchor.service, result.genTime));
      }
    }
    timestamps.push({
      kind: ts.kind,
      genTime: result.genTime?.toISOString() ?? null,
      tsa: result.tsaCertificate?.subject ?? null,
      valid,
      qualified,
      detail,
    });
    if (
      valid &&
      ts.kind === 'signature' &&
      result.genTime &&
      (!bestTime || result.genTime < bestTime)
    )
      bestTime = result.genTime;
    if (!valid && ts.kind === 'signature' && tsaTryLater)
      failures.push({
        indication: 'INDETERMINATE',
        subIndication: 'TRY_LATER',
        detail: `the signature time-stamp cannot be relied on yet: ${detail}`,
      });
    else if (!valid && ts.kind === 'signature')
      failures.push({
        indication: 'INDETERMINATE',
        subIndication: 'NO_POE',
        detail: `the signature time-stamp is not valid: ${detail}`,
      });
    if (!valid && evidence.kind === 'document-timestamp') {
      const imprintFailed = result.checks.some(
        (c) => c.name === 'timestamp.imprint' && c.status === 'failed',
      );
      failures.push(
        result.cms.failure
          ? {
              ...result.cms.failure,
              detail: `the document time-stamp: ${result.cms.failure.detail}`,
            }
          : imprintFailed
            ? {
                indication: 'TOTAL_FAILED',
                subIndication: 'HASH_FAILURE',
                detail: 'the document was changed after it was time-stamped',
              }
            : { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', detail },
      );
    }
  }
  const poe = bestTime ?? ctx.at;
  if (
    bestTime &&
    evidence.claimedSigningTime &&
    evidence.claimedSigningTime.getTime() > bestTime.getTime() + CLAIMED_TIME_SKEW_MS
  ) {
    checks.push(
      warning(
        'timestamp.order',
        `the claimed signing time ${evidence.claimedSigningTime.toISOString()} is after the time-stamp ${bestTime.toISOString()}`,
      ),
    );
  }

  // Algorithm strength at the proof of existence (the digest only where the format names it).
  if (signer) {
    const key = keyStrength(signer.publicKey);
    const strength = evidence.crypto.digest
      ? combineStrength(digestStrength(evidence.crypto.digest), key)
      : key;
    if (!strength.acceptable)
      failures.push({
        indication: 'INDETERMINATE',
        subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
        detail: strength.detail,
      });
    else if (strength.until && poe.getTime() >= strength.until.getTime()) {
      failures.push({
        indication: 'INDETERMINATE',
        subIndication: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
        detail: `${strength.detail}; the signature is only proven to exist at ${poe.toISOString()}`,
      });
    }
    checks.push(
      check(
        'crypto.strength',
        strength.acceptable && !(strength.until && poe >= strength.until)
          ? 'passed'
          : 'indeterminate',
        strength.detail,
      ),
    );
  }

  // The signer's chain and revocation, at the proof of existence.
  let chain: ChainOutcome | undefined;
  if (signer && evidence.crypto.ok) {
    chain = await validateChain(signer, poe, 'signature', candidates, revocationEvidence, ctx);
    checks.push(...chain.checks);
    if (chain.failure) failures.push(chain.failure);
  }

  const worst = failures.find((f) => f.indication === 'TOTAL_FAILED') ?? failures[0];
  const indication: Indication = worst ? worst.indication : 'TOTAL_PASSED';
  const validSignatureTs = timestamps.some((t) => t.kind === 'signature' && t.valid);
  const level: Level | null =
    !evidence.crypto.ok || evidence.kind === 'document-timestamp'
      ? null
      : !validSignatureTs
        ? 'B-B'
        : !evidence.hasLtData
          ? 'B-T'
          : timestamps.some((t) => (t.kind === 'archive' || t.kind === 'document') && t.valid)
            ? 'B-LTA'
            : 'B-LT';
  return {
    id: evidence.id,
    kind: evidence.kind,
    indication,
    ...(worst ? { subIndication: worst.subIndication } : {}),
    level,
    qualification: qualify(signer, chain, poe, ctx),
    signer: signer
      ? {
          subject: signer.subject,
          ...(signer.subjectFields.CN ? { commonName: signer.subjectFields.CN } : {}),
          ...(signer.subjectFields.O ? { organization: signer.subjectFields.O } : {}),
          ...(signer.subjectFields.C ? { country: signer.subjectFields.C } : {}),
          serialNumber: signer.serialHex,
          issuer: signer.issuer,
          qcCompliance: signer.qcStatements?.compliance ?? false,
          qcSscd: signer.qcStatements?.sscd ?? false,
          qcTypes: signer.qcStatements?.types ?? [],
        }
      : null,
    claimedSigningTime: evidence.claimedSigningTime?.toISOString() ?? null,
    bestSignatureTime: poe.toISOString(),
    timestamps,
    chain: (chain?.path ?? (signer ? [signer] : [])).map((c) => ({
      subject: c.subject,
      issuer: c.issuer,
      serialNumber: c.serialHex,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      sha256: c.id,
    })),
    trustAnchor: chain?.anchor
      ? `${chain.anchor.certificate.subject} (${chain.anchor.source})`
      : null,
    revocation: chain?.revocation
      ? {
          status: chain.revocation.status,
          source: chain.revocation.source ?? null,
          issuedAt: chain.revocation.issuedAt?.toISOString() ?? null,
          revocationTime: chain.revocation.revocationTime?.toISOString() ?? null,
        }
      : null,
    coverage: {
      verdict: evidence.coverage.verdict,
      detail: evidence.coverage.detail,
      covered: evidence.coverage.covered,
    },
    checks,
    warnings: checks.filter((c) => c.status === 'warning').map((c) => c.detail),
    errors: [
      ...(worst ? [worst.detail] : []),
      ...failures.filter((f) => f !== worst).map((f) => f.detail),
    ],
  };
}

/**
 * ETSI TS 119 615-style qualification, simplified: the certificate's qcStatements say what it
 * claims; when trusted lists are loaded, the issuing CA must also be a CA/QC service approved at
 * the signing time, else the claim is not confirmed.
 */
function qualify(
  signer: Certificate | undefined,
  chain: ChainOutcome | undefined,
  at: Date,
  ctx: VerifyContext,
): Qualification {
  if (!signer || !chain || !chain.anchor) return 'not determined';
  const qc = signer.qcStatements;
  const seal = qc?.types.includes(OID.qcTypeEseal) ?? false;
  if (!qc?.compliance) return seal ? 'AdESeal' : 'AdESig';
  if (ctx.trust.lists.length > 0) {
    // The issuing CA (any certificate above the signer's) must be a CA/QC service approved then.
    const qualifiedCa = chain.path
      .slice(1)
      .some((ca) =>
        ctx.trust.servicesFor(ca, SERVICE_TYPE.caQc).some((service) => approvedAt(service, at)),
      );
    if (!qualifiedCa) return seal ? 'AdESeal' : 'AdESig';
  }
  if (!qc.sscd) return seal ? 'AdESeal-QC' : 'AdESig-QC';
  return seal ? 'QESeal' : 'QESig';
}

export const failure = (
  indication: Failure['indication'],
  subIndication: SubIndication,
  detail: string,
): Failure => ({ indication, subIndication, detail });
