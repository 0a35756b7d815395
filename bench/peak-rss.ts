/**
 * Child process for the memory measurement: verifies one file once and prints its peak RSS.
 *
 *   node --import tsx bench/peak-rss.ts <signed.pdf> <trust-anchors.pem>
 *
 * The OCSP/TSA answers come from the parent's loopback PKI server, so the parent must keep its
 * event loop free (async execFile) while this runs.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inProcessVerifier } from './verify-ours.js';

export interface PeakRssResult {
  file: string;
  size: number;
  accepted: boolean;
  reasons: string[];
  /** process.resourceUsage().maxRSS: kilobytes (includes the parent's RSS at fork time). */
  maxRssKb: number;
  /** VmHWM from /proc/self/status: this process's own peak, kilobytes; null without /proc. */
  hwmKb: number | null;
}

/** Linux carries maxRSS across fork and exec, so the child's own peak is VmHWM. */
async function highWaterMarkKb(): Promise<number | null> {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(await readFile('/proc/self/status', 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}

const [file, trustFile] = process.argv.slice(2);
if (file === undefined || trustFile === undefined) {
  process.stderr.write('usage: peak-rss.ts <signed.pdf> <trust-anchors.pem>\n');
  process.exit(2);
}
const bytes = new Uint8Array(await readFile(file));
const report = await inProcessVerifier(trustFile)(basename(file), bytes);
const result: PeakRssResult = {
  file,
  size: bytes.length,
  accepted: report.accepted,
  reasons: report.reasons,
  maxRssKb: process.resourceUsage().maxRSS,
  hwmKb: await highWaterMarkKb(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
