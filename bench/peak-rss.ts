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
  /** process.resourceUsage().maxRSS: kilobytes. */
  maxRssKb: number;
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
};
process.stdout.write(`${JSON.stringify(result)}\n`);
