import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readLastPdfSignature } from '../scripts/pki/index.js';

const run = promisify(execFile);
/** Output of pdfsig/openssl is a few lines; this only guards against a runaway child. */
const CHILD_MAX_BUFFER = 16 * 1024 * 1024;

/** True when the tool starts at all (`-h`/`version` exit 0 or print usage). */
export async function toolAvailable(file: string, args: string[]): Promise<boolean> {
  try {
    await run(file, args, { maxBuffer: CHILD_MAX_BUFFER });
    return true;
  } catch (error) {
    // pdfsig -h exits 99 after printing its usage; only a missing binary is "unavailable".
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * poppler's pdfsig: parses the PDF, hashes the ByteRange and checks the CMS signature. `-nocert`
 * skips the NSS certificate/trust check (we give it no trust store), so it does less than ours.
 */
export async function pdfsigOnce(path: string): Promise<void> {
  const { stdout } = await run('pdfsig', ['-nocert', path], { maxBuffer: CHILD_MAX_BUFFER });
  if (!/Signature Validation: Signature is Valid/.test(stdout))
    throw new Error(`pdfsig did not find a valid signature in ${path}:\n${stdout}`);
}

export interface FloorInputs {
  coveredPath: string;
  cmsPath: string;
}

/** Writes the ByteRange-covered bytes and the DER CMS next to the PDF, once, before timing. */
export async function writeFloorInputs(
  dir: string,
  name: string,
  pdf: Uint8Array,
): Promise<FloorInputs> {
  const parts = readLastPdfSignature(pdf);
  const coveredPath = join(dir, `${name}.covered.bin`);
  const cmsPath = join(dir, `${name}.cms.der`);
  await writeFile(coveredPath, parts.signedBytes);
  await writeFile(cmsPath, parts.cms);
  return { coveredPath, cmsPath };
}

/**
 * The floor: the least any verifier must do, i.e. hash the whole file and check the CMS
 * signature over the covered bytes (openssl, no chain, no revocation, no PDF parsing).
 */
export async function floorOnce(pdf: Uint8Array, inputs: FloorInputs): Promise<void> {
  createHash('sha256').update(pdf).digest();
  await run(
    'openssl',
    [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-noverify',
      '-content',
      inputs.coveredPath,
      '-in',
      inputs.cmsPath,
      '-out',
      '/dev/null',
    ],
    { maxBuffer: CHILD_MAX_BUFFER },
  );
}

/** Starting a child process at all: the part of every peer time that is not verification. */
export async function spawnOnce(): Promise<void> {
  await run('openssl', ['version'], { maxBuffer: CHILD_MAX_BUFFER });
}
