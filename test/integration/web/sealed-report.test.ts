import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestPki,
  exportPkcs12,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
} from '../../../scripts/pki/index.js';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { loadTrustStore } from '../../../src/adapters/trust-files.js';
import { agencySeal } from '../../../src/cli/commands/agency-seal.js';
import { validateConfig } from '../../../src/config/index.js';
import {
  createVerifyContext,
  DEFAULT_POLICY,
  verifyDocument,
} from '../../../src/signature/index.js';
import { get, login, startDashboard, type Dashboard } from './dashboard-harness.js';

/** The sealed PDF of a signature report, as a compliance officer downloads it. */
describe('a signature report as a PDF sealed by the agency', () => {
  let dash: Dashboard;
  let server: PkiServer;
  const dir = mkdtempSync(join(tmpdir(), 'intake-web-seal-'));

  beforeAll(async () => {
    const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'web-seal' });
    server = await startPkiServer(pki);
    writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
    const password = await exportPkcs12(pki.signers.agencySeal, join(dir, 'seal.p12'));
    const sealConfig = validateConfig({
      dataDir: dir,
      log: { level: 'silent' },
      signing: { kind: 'pkcs12', file: join(dir, 'seal.p12'), password },
      tsa: { url: server.tsaUrl },
    });
    dash = await startDashboard({ seal: agencySeal(sealConfig) });
  });

  afterAll(async () => {
    await dash?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compliance downloads it, and our verifier accepts the agency’s seal on it', async () => {
    const session = await login(dash.app, 'compliance');
    const response = await get(
      dash.app,
      session,
      `/documents/${dash.seed.documentIds.registrationForm}/report.pdf`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const verdict = await verifyDocument(
      'report.pdf',
      new Uint8Array(response.rawPayload),
      createVerifyContext({
        trust: loadTrustStore([join(dir, 'root.pem')], [], []),
        offline: false,
        fetcher: createHttpFetcher(),
      }),
      DEFAULT_POLICY,
    );
    expect(verdict.reasons).toEqual([]);
    expect(verdict.accepted).toBe(true);
    expect(verdict.signatures[0]?.qualification).toBe('QESeal');
  });

  it('an operator may not download it (it carries personal codes)', async () => {
    const session = await login(dash.app, 'operator');
    const response = await get(
      dash.app,
      session,
      `/documents/${dash.seed.documentIds.registrationForm}/report.pdf`,
    );
    expect(response.statusCode).toBe(403);
  });
});
