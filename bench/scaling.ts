import {
  createHash,
  createPublicKey,
  verify as verifySignature,
  X509Certificate,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  makeSignedPdf,
  readLastPdfSignature,
  type PkiServer,
  type TestPki,
} from '../scripts/pki/index.js';
import { makeBasePdf, makeSignedPdfOfSize } from './fixtures.js';
import { timeRuns, type Timing } from './measure.js';
import { assertAccepted, type VerifyOne } from './verify-ours.js';

/**
 * How verification time grows with the document's size and with its number of signatures, and
 * the floor measured in this process: SHA-256 of the bytes the signature covers plus the one
 * public-key operation over the signed attributes — the work no verifier can skip, without a
 * process start-up in it.
 */
const KB = 1024;
const MB = 1024 * KB;
export const SCALING_SIZES = [1 * KB, 100 * KB, 1 * MB, 5 * MB, 20 * MB, 50 * MB];
export const SCALING_SIGNATURES = [1, 2, 5, 10];

export interface InProcessFloor {
  covered: Uint8Array;
  signedAttributes: Uint8Array;
  signature: Uint8Array;
  certificatePem: string;
}

/** The floor's inputs, taken once from the last signature of a PDF the project signed. */
export function floorInputsOf(pdf: Uint8Array): InProcessFloor {
  const parts = readLastPdfSignature(pdf);
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(parts.cms).result });
  const signed = new pkijs.SignedData({ schema: info.content });
  const signer = signed.signerInfos[0];
  const certificate = signed.certificates?.[0] as pkijs.Certificate | undefined;
  if (!signer?.signedAttrs || !certificate) throw new Error('no signer in the fixture');
  const attributes = new Uint8Array(signer.signedAttrs.toSchema().toBER());
  attributes[0] = 0x31; // signed over as a SET, not the [0] IMPLICIT it is stored as
  const der = new Uint8Array(certificate.toSchema().toBER());
  return {
    covered: parts.signedBytes,
    signedAttributes: attributes,
    signature: new Uint8Array(signer.signature.valueBlock.valueHexView),
    certificatePem: new X509Certificate(der).toString(),
  };
}

/** Hash what is covered, check the one signature: in process, nothing else. */
export function floorOnceInProcess(floor: InProcessFloor): void {
  createHash('sha256').update(floor.covered).digest();
  const ok = verifySignature(
    'sha256',
    floor.signedAttributes,
    createPublicKey(floor.certificatePem),
    floor.signature,
  );
  if (!ok) throw new Error('the floor signature did not verify');
}

export interface ScalingPoint {
  bytes: number;
  signatures: number;
  ours: Timing;
  floor?: Timing;
}

async function withSignatures(count: number, pki: TestPki, server: PkiServer): Promise<Uint8Array> {
  let pdf = await makeBasePdf(50 * KB);
  for (let i = 0; i < count; i += 1)
    pdf = await makeSignedPdf({
      pdf,
      signer: pki.signers.valid,
      chain: pki.signers.valid.chainPem,
      timestamp: { tsaUrl: server.tsaUrl },
      fieldName: `Signature${i + 1}`,
    });
  return pdf;
}

/** Runs per point, fewer for the large ones (each is seconds of hashing at most). */
function runsFor(bytes: number, quick: boolean): { warmup: number; runs: number } {
  if (quick) return { warmup: 1, runs: bytes >= 20 * MB ? 2 : 5 };
  return { warmup: 2, runs: bytes >= 20 * MB ? 5 : bytes >= 1 * MB ? 15 : 50 };
}

export async function measureScaling(
  verify: VerifyOne,
  pki: TestPki,
  server: PkiServer,
  quick: boolean,
): Promise<{ bySize: ScalingPoint[]; bySignatures: ScalingPoint[] }> {
  const bySize: ScalingPoint[] = [];
  for (const bytes of quick ? SCALING_SIZES.filter((b) => b <= 5 * MB) : SCALING_SIZES) {
    const pdf = await makeSignedPdfOfSize(bytes, pki, server);
    assertAccepted(await verify('scaling.pdf', pdf));
    const plan = runsFor(pdf.length, quick);
    const ours = await timeRuns(plan, async () => {
      await verify('scaling.pdf', pdf);
    });
    const inputs = floorInputsOf(pdf);
    const floor = await timeRuns(plan, async () => floorOnceInProcess(inputs));
    bySize.push({ bytes: pdf.length, signatures: 1, ours, floor });
  }
  const bySignatures: ScalingPoint[] = [];
  for (const count of quick ? [1, 2, 5] : SCALING_SIGNATURES) {
    const pdf = await withSignatures(count, pki, server);
    const report = await verify('signatures.pdf', pdf);
    assertAccepted(report);
    if (report.signatures.length !== count)
      throw new Error(
        `expected ${count} signatures, the verifier found ${report.signatures.length}`,
      );
    const ours = await timeRuns(runsFor(pdf.length, quick), async () => {
      await verify('signatures.pdf', pdf);
    });
    bySignatures.push({ bytes: pdf.length, signatures: count, ours });
  }
  return { bySize, bySignatures };
}

const size = (bytes: number): string =>
  bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${(bytes / KB).toFixed(0)} KB`;
const ms = (t: Timing): string =>
  `${t.medianMs < 10 ? t.medianMs.toFixed(2) : t.medianMs.toFixed(1)} ms`;

/** The two scaling tables, in Markdown, with time per MB to show whether growth is linear. */
export function scalingMarkdown(points: {
  bySize: ScalingPoint[];
  bySignatures: ScalingPoint[];
}): string {
  const sizeRows = points.bySize.map((p) => {
    const perMb = p.bytes >= MB ? `${(p.ours.medianMs / (p.bytes / MB)).toFixed(2)} ms/MB` : '—';
    const ratio = p.floor ? `${(p.ours.medianMs / p.floor.medianMs).toFixed(1)}×` : '—';
    return `| ${size(p.bytes)} | ${ms(p.ours)} | ${perMb} | ${p.floor ? ms(p.floor) : '—'} | ${ratio} |`;
  });
  const base = points.bySignatures[0]?.ours.medianMs ?? NaN;
  const sigRows = points.bySignatures.map(
    (p) =>
      `| ${p.signatures} | ${size(p.bytes)} | ${ms(p.ours)} | ${(p.ours.medianMs / p.signatures).toFixed(2)} ms | ${(p.ours.medianMs / base).toFixed(1)}× |`,
  );
  return [
    '| PAdES B-T size | ours (median) | ours per MB | in-process floor (sha256 + 1 signature check) | ours / floor |',
    '| --- | --- | --- | --- | --- |',
    ...sizeRows,
    '',
    '| signatures (each B-T, incremental) | file | ours (median) | per signature | vs 1 signature |',
    '| --- | --- | --- | --- | --- |',
    ...sigRows,
  ].join('\n');
}
