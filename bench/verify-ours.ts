import { createHttpFetcher } from '../src/adapters/http-fetcher.js';
import { loadTrustStore } from '../src/adapters/trust-files.js';
import {
  createVerifyCaches,
  createVerifyContext,
  DEFAULT_POLICY,
  verifyDocument,
  type DocumentReport,
} from '../src/signature/index.js';

export type VerifyOne = (filename: string, bytes: Uint8Array) => Promise<DocumentReport>;

/**
 * The verifier as `intake serve` runs it in process (src/cli/commands/serve.ts, threads = 0):
 * one trust store, one fetcher and shared caches for the run, a fresh context per document.
 */
export function inProcessVerifier(trustAnchorsFile: string): VerifyOne {
  const trust = loadTrustStore([trustAnchorsFile], []);
  const caches = createVerifyCaches();
  const fetcher = createHttpFetcher();
  return (filename, bytes) =>
    verifyDocument(
      filename,
      bytes,
      createVerifyContext({ trust, offline: false, fetcher, caches }),
      DEFAULT_POLICY,
    );
}

/** A benchmark of a refused document would time the wrong path, so a refusal stops the run. */
export function assertAccepted(report: DocumentReport): void {
  if (!report.accepted)
    throw new Error(`${report.file} was not accepted: ${report.reasons.join('; ') || 'no reason'}`);
}
