import { createHash } from 'node:crypto';
import { DEFAULT_POLICY, evaluatePolicy } from '../../src/signature/policy.js';
import {
  documentReportSchema,
  type DocumentReport,
  type SignatureReport,
} from '../../src/signature/report.js';
import type { ReportSummary } from '../../src/store/index.js';

/**
 * Verification reports shaped as the verifier writes them (a qualified PAdES signature with its
 * time-stamp, chain, OCSP answer and checks), for tests of what is done with stored reports. The
 * policy's verdict and reasons are the real policy's, and every report passes the schema.
 */

export interface SignatureSpec {
  id?: string;
  kind?: SignatureReport['kind'];
  signer?: string;
  organization?: string;
  /** Hex, as the verifier writes it (lower case, no leading 00 bytes). */
  serial?: string;
  indication?: SignatureReport['indication'];
  subIndication?: SignatureReport['subIndication'];
  level?: SignatureReport['level'];
  qualification?: SignatureReport['qualification'];
  /** The signature time-stamp's genTime; null for none. */
  timestamp?: string | null;
  timestampValid?: boolean;
  revocationSource?: string | null;
  errors?: string[];
}

const ROOT = 'CN=Test Root CA,O=Test PKI,C=LV';
const QUALIFIED_CA = 'CN=Test Qualified CA,O=Test PKI,C=LV';

export function signatureReport(spec: SignatureSpec = {}): SignatureReport {
  const name = spec.signer ?? 'Anna Bērziņa';
  const subject = `CN=${name},SERIALNUMBER=PNOLV-010101-10000,${spec.organization ? `O=${spec.organization},` : ''}C=LV`;
  const serial = spec.serial ?? '4f1a09c2';
  const timestamp = spec.timestamp === undefined ? '2026-03-02T09:14:05Z' : spec.timestamp;
  const indication = spec.indication ?? 'TOTAL_PASSED';
  return {
    id: spec.id ?? 'Signature1',
    kind: spec.kind ?? 'PAdES',
    indication,
    ...(spec.subIndication ? { subIndication: spec.subIndication } : {}),
    level: spec.level === undefined ? (timestamp ? 'B-T' : 'B-B') : spec.level,
    qualification: spec.qualification ?? 'QESig',
    signer: {
      subject,
      commonName: name,
      ...(spec.organization ? { organization: spec.organization } : {}),
      country: 'LV',
      serialNumber: serial,
      issuer: QUALIFIED_CA,
      qcCompliance: true,
      qcSscd: true,
      qcTypes: ['0.4.0.1862.1.6.1'],
    },
    claimedSigningTime: '2026-03-02T09:14:00Z',
    bestSignatureTime: timestamp ?? '2026-03-02T09:20:00.000Z',
    timestamps:
      timestamp === null
        ? []
        : [
            {
              kind: 'signature',
              genTime: timestamp,
              tsa: 'CN=Test TSA,O=Test PKI,C=LV',
              valid: spec.timestampValid ?? true,
              qualified: true,
              detail: 'the time-stamp token is valid and its imprint matches the signature value',
            },
          ],
    chain: [
      {
        subject,
        issuer: QUALIFIED_CA,
        serialNumber: serial,
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2028-01-01T00:00:00.000Z',
        sha256: createHash('sha256').update(subject).digest('hex'),
      },
      {
        subject: QUALIFIED_CA,
        issuer: ROOT,
        serialNumber: '02',
        notBefore: '2024-01-01T00:00:00.000Z',
        notAfter: '2034-01-01T00:00:00.000Z',
        sha256: createHash('sha256').update(QUALIFIED_CA).digest('hex'),
      },
    ],
    trustAnchor: 'test root',
    revocation:
      spec.revocationSource === null
        ? null
        : {
            status: 'good',
            source: spec.revocationSource ?? 'embedded OCSP',
            issuedAt: '2026-03-02T09:14:07Z',
            revocationTime: null,
          },
    coverage: {
      verdict: 'whole-document',
      detail: 'the signature covers the whole file',
      covered: ['revision 1'],
    },
    checks: [
      { name: 'cms.signature-value', status: 'passed', detail: 'the signature value verifies' },
      {
        name: 'chain.revocation',
        status: indication === 'TOTAL_PASSED' ? 'passed' : 'indeterminate',
        detail: indication === 'TOTAL_PASSED' ? 'OCSP: good' : 'no revocation information',
      },
    ],
    warnings: [],
    errors: spec.errors ?? (indication === 'TOTAL_PASSED' ? [] : ['no revocation information']),
  };
}

/** A document report with the real policy's verdict; it passes documentReportSchema. */
export function documentReport(
  file: string,
  signatures: SignatureReport[],
  options: { bytes?: string; format?: DocumentReport['format'] } = {},
): DocumentReport {
  const bytes = options.bytes ?? file;
  const document = {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: Buffer.byteLength(bytes),
    format: options.format ?? (signatures.length === 0 ? 'unsigned' : 'PAdES'),
    signatures,
    checks: [],
  } satisfies Omit<DocumentReport, 'accepted' | 'reasons'>;
  return documentReportSchema.parse({ ...document, ...evaluatePolicy(document, DEFAULT_POLICY) });
}

/** The summary columns, as the verify stage fills them. */
export function summaryOf(report: DocumentReport): ReportSummary {
  const first = report.signatures.find((s) => s.kind !== 'document-timestamp');
  return {
    accepted: report.accepted,
    format: report.format,
    indication: first?.indication ?? null,
    subIndication: first?.subIndication ?? null,
    level: first?.level ?? null,
    qualification: first?.qualification ?? null,
    signer: first?.signer?.subject ?? null,
    signingTime: first?.bestSignatureTime ?? null,
  };
}
