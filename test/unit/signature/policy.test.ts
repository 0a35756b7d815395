import { describe, expect, it } from 'vitest';
import {
  applyPolicyConstraints,
  DEFAULT_POLICY,
  evaluatePolicy,
  intakePolicySchema,
} from '../../../src/signature/policy.js';
import { renderHtml } from '../../../src/signature/render/render-html.js';
import type { DocumentReport, SignatureReport } from '../../../src/signature/report.js';

function signature(overrides: Partial<SignatureReport> = {}): SignatureReport {
  return {
    id: 'Signature1',
    kind: 'PAdES',
    indication: 'TOTAL_PASSED',
    level: 'B-T',
    qualification: 'QESig',
    signer: {
      subject: 'CN=Anna Bērziņa',
      commonName: 'Anna Bērziņa',
      serialNumber: '01',
      issuer: 'CN=CA',
      qcCompliance: true,
      qcSscd: true,
      qcTypes: [],
    },
    claimedSigningTime: null,
    bestSignatureTime: '2026-11-01T10:00:00.000Z',
    timestamps: [],
    chain: [],
    trustAnchor: 'CN=Root',
    revocation: null,
    coverage: {
      verdict: 'whole-document',
      detail: 'the signature covers the whole file',
      covered: [],
    },
    checks: [],
    warnings: [],
    errors: [],
    ...overrides,
  };
}

function documentWith(signatures: SignatureReport[]): Omit<DocumentReport, 'accepted' | 'reasons'> {
  return { file: 'form.pdf', sha256: '00', size: 1, format: 'PAdES', signatures, checks: [] };
}

describe('the intake policy', () => {
  it('accepts a qualified, time-stamped signature over the whole document', () => {
    expect(evaluatePolicy(documentWith([signature()]), DEFAULT_POLICY)).toEqual({
      accepted: true,
      reasons: [],
    });
  });

  it('refuses, with a reason each, a signature that is unqualified, untimestamped and partial', () => {
    const result = evaluatePolicy(
      documentWith([
        signature({
          qualification: 'AdESig-QC',
          level: 'B-B',
          coverage: { verdict: 'disallowed-changes', detail: 'a page was added', covered: [] },
        }),
      ]),
      DEFAULT_POLICY,
    );
    expect(result.accepted).toBe(false);
    expect(result.reasons).toEqual([
      'signature Signature1 (Anna Bērziņa) is not a qualified electronic signature or seal (AdESig-QC)',
      'signature Signature1 (Anna Bērziņa) has no valid time-stamp',
      'signature Signature1 (Anna Bērziņa) does not cover the whole document: a page was added',
    ]);
  });

  it('allows form filling after signing only when the policy says so', () => {
    const formFill = documentWith([
      signature({
        coverage: {
          verdict: 'form-fill-changes',
          detail: 'form fields were filled in',
          covered: [],
        },
      }),
    ]);
    expect(evaluatePolicy(formFill, DEFAULT_POLICY).accepted).toBe(false);
    expect(
      evaluatePolicy(formFill, intakePolicySchema.parse({ allowFormFill: true })).accepted,
    ).toBe(true);
  });

  it('refuses a document with only a document time-stamp: nobody signed it', () => {
    const result = evaluatePolicy(
      documentWith([
        signature({
          kind: 'document-timestamp',
          signer: null,
          level: null,
          qualification: 'not determined',
        }),
      ]),
      DEFAULT_POLICY,
    );
    expect(result.reasons).toContain('the document carries no electronic signature');
  });

  it('never leaves an unqualified signature TOTAL_PASSED under a policy that requires qualified ones', () => {
    const constrained = applyPolicyConstraints(
      signature({ qualification: 'AdESig' }),
      DEFAULT_POLICY,
    );
    expect(constrained).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    });
    expect(
      applyPolicyConstraints(
        signature({ qualification: 'AdESig' }),
        intakePolicySchema.parse({ requireQualified: false }),
      ).indication,
    ).toBe('TOTAL_PASSED');
    expect(applyPolicyConstraints(signature({ level: 'B-B' }), DEFAULT_POLICY)).toMatchObject({
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
    });
  });

  it('escapes every value in the HTML report (a signer name cannot inject markup)', () => {
    const evil = signature({
      signer: {
        subject: 'CN=<script>alert(1)</script>',
        serialNumber: '1',
        issuer: '"><img src=x>',
        qcCompliance: false,
        qcSscd: false,
        qcTypes: [],
      },
    });
    const html = renderHtml({
      reportVersion: 1,
      generator: 'test',
      validationTime: '2026-11-22T00:00:00.000Z',
      offline: true,
      policy: {
        name: 'p',
        requireQualified: true,
        requireTimestamp: true,
        requireWholeDocument: true,
        allowFormFill: false,
      },
      documents: [
        { ...documentWith([evil]), file: '<b>x</b>.pdf', accepted: false, reasons: ['<i>no</i>'] },
      ],
    });
    expect(html).not.toMatch(/<script|<img|<b>x|<i>no/);
    expect(html).toContain('&lt;script&gt;');
  });
});
