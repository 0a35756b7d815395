import { createHash } from 'node:crypto';
import { failed, passed, warning, type Check } from '../check.js';
import { verifyCms } from '../cms/verify-cms.js';
import type { VerifyContext } from '../context.js';
import type { DigestName } from '../crypto/algorithms.js';
import {
  evaluateSignature,
  failure,
  type Failure,
  type SignatureEvidence,
  type TimestampInput,
} from '../evaluate-signature.js';
import type { SignatureReport } from '../report.js';
import { parseCertificatesLenient } from '../x509/certificate.js';
import type { PdfAnalysis, PdfSignature } from './types.js';

const CMS_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

/** Hashes exactly the ByteRange-covered bytes, without copying the file. */
function rangeDigest(
  bytes: Uint8Array,
  ranges: ReadonlyArray<[number, number]>,
): (digest: DigestName) => Uint8Array {
  const memo = new Map<DigestName, Uint8Array>();
  return (digest) => {
    let value = memo.get(digest);
    if (!value) {
      const hash = createHash(digest);
      for (const [start, end] of ranges) hash.update(bytes.subarray(start, end));
      value = hash.digest();
      memo.set(digest, value);
    }
    return value;
  };
}

function coverageOf(sig: PdfSignature, allowFormFill: boolean): SignatureEvidence['coverage'] {
  const failedCoverage = sig.coverage.filter((c) => c.status === 'failed');
  const disallowed = sig.modificationsAfter.filter((m) => m.verdict === 'disallowed');
  const formFill = sig.modificationsAfter.filter((m) => m.verdict === 'form-fill');
  const checks: Check[] = [...sig.coverage];
  let fail: Failure | undefined;
  let detail: string;
  if (failedCoverage.length > 0 || sig.ranges.length === 0) {
    detail = failedCoverage[0]?.detail ?? 'the ByteRange cannot be used';
    fail = failure(
      'TOTAL_FAILED',
      'FORMAT_FAILURE',
      `the signed byte range is malformed: ${detail}`,
    );
  } else if (sig.coverageVerdict === 'broken') {
    detail = 'the signed revision cannot be identified in the file';
    fail = failure('TOTAL_FAILED', 'FORMAT_FAILURE', detail);
  } else if (disallowed.length > 0) {
    detail = `the document was changed after signing: ${disallowed
      .slice(0, 3)
      .map((m) => m.detail)
      .join('; ')}${disallowed.length > 3 ? ` (and ${disallowed.length - 3} more)` : ''}`;
    fail = failure('TOTAL_FAILED', 'FORMAT_FAILURE', detail);
    checks.push(failed('pdf.changes-after-signing', detail));
  } else if (formFill.length > 0) {
    detail = `form fields were filled in after signing (${formFill.length} change${formFill.length > 1 ? 's' : ''})`;
    checks.push((allowFormFill ? warning : failed)('pdf.changes-after-signing', detail));
  } else if (sig.modificationsAfter.length > 0) {
    detail = 'later revisions only add validation data, time-stamps or signatures';
    checks.push(passed('pdf.changes-after-signing', detail));
  } else {
    detail = 'the signature covers the whole file';
    checks.push(passed('pdf.changes-after-signing', detail));
  }
  if (!sig.reachable)
    checks.push(
      warning(
        'pdf.signature-reachable',
        "the signature dictionary is not reachable from the document's form fields",
      ),
    );
  return {
    verdict: sig.coverageVerdict,
    detail,
    covered: [`bytes ${sig.byteRange.join(' ')}`],
    checks,
    failure: fail,
  };
}

/**
 * PAdES: each signature's CMS over its ByteRange, its signature time-stamp, later document
 * time-stamps as archive time-stamps, the DSS as LT data, and what changed after it was signed.
 */
export async function verifyPadesSignatures(
  bytes: Uint8Array,
  analysis: PdfAnalysis,
  ctx: VerifyContext,
  allowFormFill: boolean,
): Promise<SignatureReport[]> {
  const dssCerts = parseCertificatesLenient(analysis.dss?.certificates ?? []);
  const embeddedRevocation = { ocsps: analysis.dss?.ocsps ?? [], crls: analysis.dss?.crls ?? [] };
  const hasLtData = (analysis.dss?.ocsps.length ?? 0) + (analysis.dss?.crls.length ?? 0) > 0;
  const reports: SignatureReport[] = [];
  for (const [index, sig] of analysis.signatures.entries()) {
    const id = sig.fieldName ?? `signature-${index + 1}`;
    const coverage = coverageOf(sig, allowFormFill);
    const digest = rangeDigest(bytes, sig.ranges);
    const laterDocumentTimestamps: TimestampInput[] = analysis.signatures
      .slice(index + 1)
      .filter((s) => s.kind === 'document-timestamp' && s.ranges.length > 0)
      .map((s) => ({
        kind: 'archive',
        token: s.contents,
        imprintInput: rangeDigest(bytes, s.ranges),
      }));

    if (sig.kind === 'document-timestamp') {
      reports.push(
        await evaluateSignature(
          {
            id,
            kind: 'document-timestamp',
            crypto: { ok: true, checks: [] },
            certificates: dssCerts,
            timestamps: [{ kind: 'document', token: sig.contents, imprintInput: digest }],
            embeddedRevocation,
            hasLtData,
            coverage,
          },
          ctx,
        ),
      );
      continue;
    }
    if (!CMS_SUBFILTERS.has(sig.subFilter)) {
      reports.push(
        await evaluateSignature(
          {
            id,
            kind: 'PAdES',
            crypto: {
              ok: false,
              checks: [
                failed('pdf.subfilter', `signature format ${sig.subFilter} is not supported`),
              ],
              failure: failure(
                'INDETERMINATE',
                'FORMAT_FAILURE',
                `signature format ${sig.subFilter} is not supported`,
              ),
            },
            certificates: [],
            timestamps: [],
            embeddedRevocation,
            hasLtData,
            coverage,
          },
          ctx,
        ),
      );
      continue;
    }
    const cms = verifyCms(sig.contents, { kind: 'detached', digest }, dssCerts);
    const signatureValue = cms.signatureValue;
    reports.push(
      await evaluateSignature(
        {
          id,
          kind: 'PAdES',
          crypto: {
            ok: cms.ok,
            checks: cms.checks,
            failure: cms.failure,
            digest: cms.digest,
            ...(cms.signerCertificate ? { signerCertificate: cms.signerCertificate } : {}),
          },
          certificates: [
            ...cms.certificates,
            ...parseCertificatesLenient(cms.embedded.certificates),
            ...dssCerts,
          ],
          claimedSigningTime: cms.claimedSigningTime ?? sig.claimedSigningTime,
          timestamps: [
            ...cms.signatureTimestampTokens.map((token): TimestampInput => ({
              kind: 'signature',
              token,
              ...(signatureValue ? { imprintInput: signatureValue } : {}),
            })),
            ...laterDocumentTimestamps,
          ],
          embeddedRevocation: {
            ocsps: [...embeddedRevocation.ocsps, ...cms.embedded.ocsps],
            crls: [...embeddedRevocation.crls, ...cms.embedded.crls],
          },
          hasLtData: hasLtData || cms.embedded.ocsps.length + cms.embedded.crls.length > 0,
          coverage,
        },
        ctx,
      ),
    );
  }
  return reports;
}
