import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifyPool, type VerifyPool } from '../../../src/adapters/verify-pool.js';
import { DEFAULT_POLICY } from '../../../src/signature/index.js';
import {
  buildTestPki,
  makeSignedPdf,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
} from '../../../scripts/pki/index.js';

/** Verification in worker threads gives the same verdicts as in process, and never hangs. */
const dir = mkdtempSync(join(tmpdir(), 'verify-pool-'));
let server: PkiServer;
let pool: VerifyPool;
let signed: Uint8Array;

beforeAll(async () => {
  const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'verify-pool' });
  server = await startPkiServer(pki);
  writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
  signed = await makeSignedPdf({
    signer: pki.signers.valid,
    chain: pki.signers.valid.chainPem,
    timestamp: { tsaUrl: server.tsaUrl },
  });
  pool = createVerifyPool(2, {
    trust: { anchors: [join(dir, 'root.pem')], trustedLists: [], listSigners: [] },
    offline: false,
    policy: DEFAULT_POLICY,
  });
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('verification threads', () => {
  it('when several documents are verified at once in two threads, then each gets its own correct report', async () => {
    const junk = new TextEncoder().encode('not a signed document');
    const reports = await Promise.all([
      pool.verify('a.pdf', signed),
      pool.verify('junk.bin', junk),
      pool.verify('b.pdf', signed),
    ]);
    expect(reports.map((r) => [r.file, r.accepted, r.format])).toEqual([
      ['a.pdf', true, 'PAdES'],
      ['junk.bin', false, 'unsupported'],
      ['b.pdf', true, 'PAdES'],
    ]);
    expect(reports[0]?.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-T' });
  });

  it("when the caller's bytes are a view into a larger buffer, then only the view is verified", async () => {
    const padded = new Uint8Array(signed.length + 64);
    padded.set(signed, 32);
    const report = await pool.verify('view.pdf', padded.subarray(32, 32 + signed.length));
    expect(report.accepted).toBe(true);
    expect(padded.length).toBe(signed.length + 64);
  });

  it('when the pool is closed, then new work is refused with a reason instead of hanging', async () => {
    const other = createVerifyPool(1, {
      trust: { anchors: [join(dir, 'root.pem')], trustedLists: [], listSigners: [] },
      offline: true,
      policy: DEFAULT_POLICY,
    });
    await other.close();
    await expect(other.verify('a.pdf', signed)).rejects.toThrow(/closed/);
  });
});
