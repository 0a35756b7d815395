/** The verifier's public API: bytes, clock, trust and a fetcher in; a report out. */
export {
  createVerifyCaches,
  createVerifyContext,
  type VerifyCaches,
  type VerifyContext,
  type VerifyOptions,
} from './context.js';
export { verifyDocument, buildReport, detectFormat, reportOfDocument } from './verify-document.js';
export { signedRevisionHashes } from './pades/signed-revisions.js';
export { DEFAULT_POLICY, intakePolicySchema, type IntakePolicy } from './policy.js';
export {
  verificationReportSchema,
  REPORT_VERSION,
  type VerificationReport,
  type DocumentReport,
  type SignatureReport,
} from './report.js';
export { TrustStore } from './trust/trust-store.js';
export { parseTrustedList } from './trust/trusted-list.js';
export { parseCertificate, type Certificate } from './x509/certificate.js';
export type { Fetcher } from './revocation/fetcher.js';
export { renderText } from './render/render-text.js';
export { renderHtml } from './render/render-html.js';
