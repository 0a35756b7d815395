import { z } from 'zod';

/**
 * The verification report: one per run, one entry per document, one per signature. Versioned;
 * documented in docs/verification-report.md. Changing a field's meaning means a new version.
 */
export const REPORT_VERSION = 1;

export const INDICATIONS = ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'] as const;
export const SUB_INDICATIONS = [
  'FORMAT_FAILURE',
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'REVOKED',
  'SIG_CONSTRAINTS_FAILURE',
  'CHAIN_CONSTRAINTS_FAILURE',
  'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  'CRYPTO_CONSTRAINTS_FAILURE',
  'EXPIRED',
  'NOT_YET_VALID',
  'POLICY_PROCESSING_ERROR',
  'SIGNATURE_POLICY_NOT_AVAILABLE',
  'TIMESTAMP_ORDER_FAILURE',
  'NO_SIGNING_CERTIFICATE_FOUND',
  'NO_CERTIFICATE_CHAIN_FOUND',
  'REVOKED_NO_POE',
  'REVOKED_CA_NO_POE',
  'OUT_OF_BOUNDS_NO_POE',
  'OUT_OF_BOUNDS_NOT_REVOKED',
  'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  'NO_POE',
  'TRY_LATER',
  'SIGNED_DATA_NOT_FOUND',
] as const;
export const LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export const QUALIFICATIONS = [
  'QESig',
  'QESeal',
  'AdESig-QC',
  'AdESeal-QC',
  'AdESig',
  'AdESeal',
  'not determined',
] as const;
export const DOCUMENT_FORMATS = ['PAdES', 'ASiC-E', 'ASiC-S', 'unsigned', 'unsupported'] as const;

export type Indication = (typeof INDICATIONS)[number];
export type SubIndication = (typeof SUB_INDICATIONS)[number];
export type Level = (typeof LEVELS)[number];
export type Qualification = (typeof QUALIFICATIONS)[number];
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

const checkSchema = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'indeterminate', 'warning', 'not-applicable']),
  detail: z.string(),
});

const certificateSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: z.string(),
});

export const signatureReportSchema = z.object({
  id: z.string(),
  /** What kind of signature: CAdES in a PDF, XAdES or CAdES in a container, a document time-stamp. */
  kind: z.enum(['PAdES', 'XAdES', 'CAdES', 'document-timestamp', 'timestamp-token']),
  indication: z.enum(INDICATIONS),
  subIndication: z.enum(SUB_INDICATIONS).optional(),
  level: z.enum(LEVELS).nullable(),
  qualification: z.enum(QUALIFICATIONS),
  signer: z
    .object({
      subject: z.string(),
      commonName: z.string().optional(),
      organization: z.string().optional(),
      country: z.string().optional(),
      serialNumber: z.string(),
      issuer: z.string(),
      qcCompliance: z.boolean(),
      qcSscd: z.boolean(),
      qcTypes: z.array(z.string()),
    })
    .nullable(),
  claimedSigningTime: z.string().nullable(),
  /** The earliest proof of existence (a verified signature time-stamp), else the validation time. */
  bestSignatureTime: z.string(),
  timestamps: z.array(
    z.object({
      kind: z.enum(['signature', 'archive', 'document', 'other']),
      genTime: z.string().nullable(),
      tsa: z.string().nullable(),
      valid: z.boolean(),
      qualified: z.boolean(),
      detail: z.string(),
    }),
  ),
  chain: z.array(certificateSummary),
  trustAnchor: z.string().nullable(),
  revocation: z
    .object({
      status: z.enum(['good', 'revoked', 'unknown', 'unavailable', 'not-required']),
      source: z.string().nullable(),
      issuedAt: z.string().nullable(),
      revocationTime: z.string().nullable(),
    })
    .nullable(),
  coverage: z.object({
    verdict: z.enum([
      'whole-document',
      'permitted-changes-only',
      'form-fill-changes',
      'disallowed-changes',
      'broken',
      'partial',
      'not-applicable',
    ]),
    detail: z.string(),
    covered: z.array(z.string()),
  }),
  checks: z.array(checkSchema),
  warnings: z.array(z.string()),
  errors: z.array(z.string()),
});

export const documentReportSchema = z.object({
  file: z.string(),
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  format: z.enum(DOCUMENT_FORMATS),
  /** The intake policy's verdict. */
  accepted: z.boolean(),
  /** Why not accepted, in plain words (empty when accepted). */
  reasons: z.array(z.string()),
  signatures: z.array(signatureReportSchema),
  /** Document-level checks: container structure, PDF structure. */
  checks: z.array(checkSchema),
});

export const policySummarySchema = z.object({
  name: z.string(),
  requireQualified: z.boolean(),
  requireTimestamp: z.boolean(),
  requireWholeDocument: z.boolean(),
  allowFormFill: z.boolean(),
});

export const verificationReportSchema = z.object({
  reportVersion: z.literal(REPORT_VERSION),
  generator: z.string(),
  validationTime: z.string(),
  offline: z.boolean(),
  policy: policySummarySchema,
  documents: z.array(documentReportSchema),
});

export type SignatureReport = z.infer<typeof signatureReportSchema>;
export type DocumentReport = z.infer<typeof documentReportSchema>;
export type VerificationReport = z.infer<typeof verificationReportSchema>;
export type PolicySummary = z.infer<typeof policySummarySchema>;
