/**
 * Child process for the ASiC-E memory figures: one verifier (ours or edockit) verifies one
 * container once and prints its peak resident memory.
 *
 *   node --import tsx bench/peak-rss-asice.ts ours <signed.asice> <trust-anchors.pem>
 *   node --import tsx bench/peak-rss-asice.ts edockit <signed.asice>
 *
 * The peak is VmHWM from /proc/self/status, not process.resourceUsage().maxRSS: Linux carries
 * maxRSS across fork and exec (exec_mmap records the old memory map's high-water mark), so a
 * child of a parent holding 300 MB reports at least 300 MB even if it verifies nothing. VmHWM
 * belongs to the child's own memory map. maxRSS is printed too, for comparison.
 *
 * The OCSP/CRL answers come from the parent's loopback PKI server, so the parent must keep its
 * event loop free (async execFile) while this runs.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseEdoc, verifySignature } from 'edockit';
import { inProcessVerifier } from './verify-ours.js';

export interface AsicePeakRssResult {
  verifier: 'ours' | 'edockit';
  file: string;
  size: number;
  /** Ours: accepted by the intake policy. edockit: every signature VALID. */
  accepted: boolean;
  /** Ours: the policy's reasons; edockit: each signature's status and message. */
  reasons: string[];
  /** Peak RSS of this process's own memory map (VmHWM), kilobytes; null where /proc is absent. */
  hwmKb: number | null;
  /** process.resourceUsage().maxRSS, kilobytes: includes the parent's RSS at fork time. */
  maxRssKb: number;
}

async function highWaterMarkKb(): Promise<number | null> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}

async function verifyWithEdockit(bytes: Uint8Array): Promise<{ ok: boolean; reasons: string[] }> {
  const container = parseEdoc(bytes);
  const reasons: string[] = [];
  for (const signature of container.signatures) {
    const result = await verifySignature(signature, container.files);
    if (result.status !== 'VALID') reasons.push(`${result.status}: ${result.statusMessage ?? ''}`);
  }
  return { ok: container.signatures.length > 0 && reasons.length === 0, reasons };
}

const [verifier, file, trustFile] = process.argv.slice(2);
if (
  file === undefined ||
  (verifier !== 'ours' && verifier !== 'edockit') ||
  (verifier === 'ours' && trustFile === undefined)
) {
  process.stderr.write(
    'usage: peak-rss-asice.ts ours <signed.asice> <trust-anchors.pem> | edockit <signed.asice>\n',
  );
  process.exit(2);
}
const buffer = await readFile(file);
// A view, not a copy: the harness should not add a second file's worth to either verifier's peak.
const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
let accepted: boolean;
let reasons: string[];
if (verifier === 'ours') {
  const report = await inProcessVerifier(trustFile as string)(basename(file), bytes);
  accepted = report.accepted;
  reasons = report.reasons;
} else {
  const outcome = await verifyWithEdockit(bytes);
  accepted = outcome.ok;
  reasons = outcome.reasons;
}
const result: AsicePeakRssResult = {
  verifier,
  file,
  size: bytes.length,
  accepted,
  reasons,
  hwmKb: await highWaterMarkKb(),
  maxRssKb: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
