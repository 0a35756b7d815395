import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationReportSchema } from '../../../src/signature/index.js';
import {
  buildTestPki,
  makeDefaultPdf,
  makeSignedPdf,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  type TestPki,
} from '../../../scripts/pki/index.js';

let pki: TestPki;
let server: PkiServer;
const dir = mkdtempSync(join(tmpdir(), 'intake-verify-'));
const file = (name: string): string => join(dir, name);

/** Asynchronous on purpose: the PKI server answering the CLI's OCSP requests runs in this process. */
function intake(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/intake.js', ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
      (error, stdout, stderr) => {
        resolve({
          status: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'intake-verify-cli' });
  server = await startPkiServer(pki);
  writeFileSync(file('root.pem'), pki.trustAnchorsPem);
  const signed = await makeSignedPdf({
    signer: pki.signers.valid,
    chain: pki.signers.valid.chainPem,
    timestamp: { tsaUrl: server.tsaUrl },
  });
  writeFileSync(file('signed.pdf'), signed);
  writeFileSync(file('signed-copy.pdf'), signed);
  writeFileSync(file('unsigned.pdf'), await makeDefaultPdf());
  writeFileSync(file('notes.txt'), 'not a signed document');
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('intake verify', () => {
  it('when every document is accepted, then it exits 0 and prints one JSON report valid against the exported schema', async () => {
    const { status, stdout } = await intake([
      'verify',
      '--trust',
      file('root.pem'),
      '--format',
      'json',
      file('signed.pdf'),
      file('signed-copy.pdf'),
    ]);
    expect(status).toBe(0);
    const report = verificationReportSchema.parse(JSON.parse(stdout));
    expect(report.documents.map((d) => d.accepted)).toEqual([true, true]);
    expect(report.documents[0]?.signatures[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      qualification: 'QESig',
      level: 'B-T',
    });
  });

  it("verifying many files checks each certificate's revocation once (the cache), not once per file", async () => {
    const before = server.requests.ocsp;
    const { status } = await intake([
      'verify',
      '--trust',
      file('root.pem'),
      '--format',
      'json',
      file('signed.pdf'),
      file('signed-copy.pdf'),
      file('signed.pdf'),
    ]);
    expect(status).toBe(0);
    expect(server.requests.ocsp - before).toBe(1);
  });

  it('when a document is unsigned or not a signature format, then it exits 1 and says so in plain words', async () => {
    const { status, stdout } = await intake([
      'verify',
      '--trust',
      file('root.pem'),
      file('signed.pdf'),
      file('unsigned.pdf'),
      file('notes.txt'),
    ]);
    expect(status).toBe(1);
    expect(stdout).toMatch(/ACCEPTED {2}.*signed\.pdf/);
    expect(stdout).toMatch(/NOT ACCEPTED {2}.*unsigned\.pdf {2}\[unsigned/);
    expect(stdout).toContain('reason: the document is not signed');
    expect(stdout).toMatch(/NOT ACCEPTED {2}.*notes\.txt {2}\[unsupported/);
  });

  it('when a file cannot be read, then it exits 2 naming the file', async () => {
    const { status, stderr } = await intake(['verify', file('missing.pdf')]);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe(`verify: cannot read ${file('missing.pdf')}: ENOENT`);
  });

  it('--format html writes one self-contained page: no scripts, no external assets, escaped text', async () => {
    const { status, stdout } = await intake([
      'verify',
      '--trust',
      file('root.pem'),
      '--format',
      'html',
      file('signed.pdf'),
    ]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>/);
    expect(stdout).toContain('ACCEPTED');
    expect(stdout).toContain('TOTAL_PASSED');
    expect(stdout).not.toMatch(/<script|<link|src=|https?:\/\/(?!127\.0\.0\.1)/i);
  });

  it('--offline never reaches the network and does not accept without revocation data', async () => {
    const before = server.requests.ocsp + server.requests.crl;
    const { status, stdout } = await intake([
      'verify',
      '--offline',
      '--trust',
      file('root.pem'),
      file('signed.pdf'),
    ]);
    expect(status).toBe(1);
    expect(stdout).toContain('TRY_LATER');
    expect(server.requests.ocsp + server.requests.crl).toBe(before);
  });
});
