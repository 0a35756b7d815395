import { z } from 'zod';
import type { DocumentReport, PolicySummary, SignatureReport } from './report.js';

/**
 * The intake policy (DESIGN.md): every signature TOTAL_PASSED; the signer's certificate qualified
 * (QcCompliance and a QSCD); a valid RFC 3161 signature time-stamp (B-T or higher); the signature
 * covers the whole document. Configurable from a JSON/YAML file (`intake verify --policy`).
 */
export const intakePolicySchema = z.strictObject({
  name: z.string().default('intake-default'),
  requireQualified: z.boolean().default(true),
  requireTimestamp: z.boolean().default(true),
  requireWholeDocument: z.boolean().default(true),
  /** Filling in form fields after signing (DocMDP 2/3) is allowed only if this is on. */
  allowFormFill: z.boolean().default(false),
  /** At least this many signatures of a person or an organisation (document time-stamps do not count). */
  minSignatures: z.number().int().min(1).default(1),
});

export type IntakePolicy = z.infer<typeof intakePolicySchema>;
export const DEFAULT_POLICY: IntakePolicy = intakePolicySchema.parse({});

export function summarisePolicy(policy: IntakePolicy): PolicySummary {
  return {
    name: policy.name,
    requireQualified: policy.requireQualified,
    requireTimestamp: policy.requireTimestamp,
    requireWholeDocument: policy.requireWholeDocument,
    allowFormFill: policy.allowFormFill,
  };
}

const QUALIFIED = new Set(['QESig', 'QESeal']);

/** The policy's verdict on one document, with each reason in plain words. */
export function evaluatePolicy(
  document: Omit<DocumentReport, 'accepted' | 'reasons'>,
  policy: IntakePolicy,
  documentReasons: readonly string[] = [],
): { accepted: boolean; reasons: string[] } {
  const reasons = [...documentReasons];
  if (document.format === 'unsigned') reasons.push('the document is not signed');
  if (document.format === 'unsupported')
    reasons.push('the file is not a signed PDF or signature container');
  const personal = document.signatures.filter((s) => s.kind !== 'document-timestamp');
  if (
    (document.format === 'PAdES' || document.format === 'ASiC-E' || document.format === 'ASiC-S') &&
    personal.length < policy.minSignatures
  ) {
    reasons.push(
      personal.length === 0
        ? 'the document carries no electronic signature'
        : `the document needs at least ${policy.minSignatures} signatures`,
    );
  }
  for (const s of document.signatures) reasons.push(...signatureReasons(s, policy));
  return { accepted: reasons.length === 0, reasons: [...new Set(reasons)] };
}

function signatureReasons(s: SignatureReport, policy: IntakePolicy): string[] {
  const who = s.signer?.commonName ?? s.signer?.organization ?? s.id;
  const reasons: string[] = [];
  if (s.indication !== 'TOTAL_PASSED') {
    reasons.push(
      `signature ${s.id} (${who}) is ${s.indication === 'TOTAL_FAILED' ? 'invalid' : 'not verifiable'}${s.subIndication ? ` (${s.subIndication})` : ''}: ${s.errors[0] ?? 'see the report'}`,
    );
  }
  if (s.kind === 'document-timestamp' || s.kind === 'timestamp-token') return reasons;
  if (policy.requireQualified && !QUALIFIED.has(s.qualification)) {
    reasons.push(
      `signature ${s.id} (${who}) is not a qualified electronic signature or seal (${s.qualification})`,
    );
  }
  if (policy.requireTimestamp && (s.level === null || s.level === 'B-B')) {
    reasons.push(`signature ${s.id} (${who}) has no valid time-stamp`);
  }
  if (policy.requireWholeDocument) {
    const ok =
      s.coverage.verdict === 'whole-document' ||
      s.coverage.verdict === 'permitted-changes-only' ||
      (policy.allowFormFill && s.coverage.verdict === 'form-fill-changes');
    if (!ok)
      reasons.push(
        `signature ${s.id} (${who}) does not cover the whole document: ${s.coverage.detail}`,
      );
  }
  return reasons;
}

/**
 * The policy's constraints on a signature's indication, as a validation policy does in DSS or
 * SiVa: a signature that is cryptographically and chain-wise sound but not what the policy demands
 * (qualified, time-stamped) is INDETERMINATE with a constraints sub-indication, never TOTAL_PASSED.
 */
export function applyPolicyConstraints(
  signature: SignatureReport,
  policy: IntakePolicy,
): SignatureReport {
  if (
    signature.indication !== 'TOTAL_PASSED' ||
    signature.kind === 'document-timestamp' ||
    signature.kind === 'timestamp-token'
  )
    return signature;
  let problem:
    { sub: 'CHAIN_CONSTRAINTS_FAILURE' | 'SIG_CONSTRAINTS_FAILURE'; detail: string } | undefined;
  if (policy.requireQualified && !QUALIFIED.has(signature.qualification)) {
    problem = {
      sub: 'CHAIN_CONSTRAINTS_FAILURE',
      detail: `the validation policy requires a qualified signature or seal; this one is ${signature.qualification}`,
    };
  } else if (policy.requireTimestamp && (signature.level === null || signature.level === 'B-B')) {
    problem = {
      sub: 'SIG_CONSTRAINTS_FAILURE',
      detail:
        'the validation policy requires a signature time-stamp; this signature has no valid one',
    };
  }
  if (!problem) return signature;
  return {
    ...signature,
    indication: 'INDETERMINATE',
    subIndication: problem.sub,
    checks: [
      ...signature.checks,
      { name: 'policy.constraints', status: 'indeterminate', detail: problem.detail },
    ],
    errors: [problem.detail, ...signature.errors],
  };
}
