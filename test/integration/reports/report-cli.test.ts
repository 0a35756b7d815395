import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
import {
  reportDocumentCommand,
  reportSignaturesCommand,
} from '../../../src/cli/commands/report.js';
import { main } from '../../../src/cli/main.js';
import { validateConfig, type Config } from '../../../src/config/index.js';
import { periodBound } from '../../../src/responses/reports/agency-period.js';
import { SIGNATURE_CSV_COLUMNS } from '../../../src/responses/reports/index.js';
import {
  createVerifyContext,
  DEFAULT_POLICY,
  verifyDocument,
} from '../../../src/signature/index.js';
import { openDatabase } from '../../../src/store/index.js';
import { REPORTS, seedReports, type Seeded } from './seed-reports.js';

/**
 * A compliance officer exports March's signature report and files one document's validation
 * report as a PDF sealed by the agency, from the command line.
 */

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'intake-report-cli-'));
let server: PkiServer;
let config: Readonly<Config>;
let configFile: string;
let seeded: Seeded;

beforeAll(async () => {
  const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'report-cli' });
  server = await startPkiServer(pki);
  writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
  const password = await exportPkcs12(pki.signers.agencySeal, join(dir, 'seal.p12'));
  const raw = {
    dataDir: dir,
    log: { level: 'silent' },
    agency: { name: 'Valsts Testa Aģentūra' },
    signing: { kind: 'pkcs12', file: join(dir, 'seal.p12'), password },
    tsa: { url: server.tsaUrl },
    trust: { anchors: [join(dir, 'root.pem')] },
  };
  config = validateConfig(raw);
  configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(raw), { mode: 0o600 });
  const db = await openDatabase(config);
  try {
    seeded = await seedReports(db);
  } finally {
    await db.close();
  }
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const march = { from: '2026-03-01', to: '2026-03-31' };

describe('intake report signatures', () => {
  it('when a whole day is given, then the period runs from its midnight to the next in Riga, on either side of summer time', () => {
    expect(periodBound('2026-03-01', 'from')).toEqual(new Date('2026-02-28T22:00:00Z'));
    expect(periodBound('2026-03-31', 'to')).toEqual(new Date('2026-03-31T21:00:00Z'));
    expect(periodBound('2026-10-25', 'from')).toEqual(new Date('2026-10-24T21:00:00Z'));
    expect(periodBound('2026-10-25', 'to')).toEqual(new Date('2026-10-25T22:00:00Z'));
    expect(periodBound('2026-03-15T10:00:00+02:00', 'to')).toEqual(
      new Date('2026-03-15T08:00:00Z'),
    );
  });

  it("when March is exported as CSV, then it holds March's documents in Riga time, newest first, under the published header", async () => {
    const { content, count } = await reportSignaturesCommand(config, { ...march, format: 'csv' });
    const lines = content.split('\r\n');

    expect(count).toBe(4);
    expect(lines[0]).toBe(SIGNATURE_CSV_COLUMNS.join(','));
    expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual([
      seeded.documents.altered,
      seeded.documents.resent,
      seeded.documents.access,
      seeded.documents.registration,
    ]);
    expect(content).not.toContain('vestule.pdf');
    expect(lines.at(-1)).toBe('');
  });

  it('when only refused documents are asked for as JSON, then the rows come with the totals and the period', async () => {
    const { content } = await reportSignaturesCommand(config, {
      ...march,
      format: 'json',
      refused: true,
    });
    const json = JSON.parse(content) as {
      period: { from: string; to: string };
      totals: { total: number; refused: number; byIndication: Record<string, number> };
      rows: Array<{ documentId: string; accepted: boolean }>;
    };

    expect(json.period).toEqual({
      from: '2026-02-28T22:00:00.000Z',
      to: '2026-03-31T21:00:00.000Z',
    });
    expect(json.rows.map((r) => r.documentId)).toEqual([
      seeded.documents.altered,
      seeded.documents.access,
    ]);
    expect(json.totals).toMatchObject({
      total: 2,
      refused: 2,
      byIndication: { TOTAL_FAILED: 1, INDETERMINATE: 1 },
    });
  });

  it('when the command runs with --out, then the file holds the CSV and the exit status is 0', async () => {
    const out = join(dir, 'march.csv');
    const status = await main([
      'report',
      'signatures',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--accepted',
      '--out',
      out,
      '--config',
      configFile,
    ]);

    expect(status).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv).toContain(REPORTS.registration.sha256);
  });

  it('when the input is wrong, then it is a usage error that says what is wrong', async () => {
    await expect(
      reportSignaturesCommand(config, { from: '2026-02-30', to: '2026-03-31', format: 'csv' }),
    ).rejects.toThrow(/from 2026-02-30 is neither a date/);
    await expect(
      reportSignaturesCommand(config, {
        from: '2026-03-01T00:00',
        to: '2026-03-31',
        format: 'csv',
      }),
    ).rejects.toThrow(/with a zone/);
    await expect(
      reportSignaturesCommand(config, { from: '2026-04-01', to: '2026-03-31', format: 'csv' }),
    ).rejects.toThrow(/the period is empty/);
    await expect(
      reportSignaturesCommand(config, { ...march, format: 'csv', accepted: true, refused: true }),
    ).rejects.toMatchObject({ code: 'CLI_USAGE' });
    await expect(
      reportSignaturesCommand(config, { ...march, format: 'csv', serial: 'xyz' }),
    ).rejects.toMatchObject({ code: 'CLI_USAGE' });
    expect(await main(['report', 'signatures', '--from', 'yesterday', '--to', '2026-03-31'])).toBe(
      2,
    );
  });
});

describe('intake report document', () => {
  it("when a document's report is asked for as a PDF, then it is sealed by the agency and our verifier and pdfsig accept the seal", async () => {
    const out = join(dir, 'report.pdf');
    expect(
      await main([
        'report',
        'document',
        seeded.documents.access,
        '--format',
        'pdf',
        '--out',
        out,
        '--config',
        configFile,
      ]),
    ).toBe(0);
    const pdf = new Uint8Array(readFileSync(out));

    const verdict = await verifyDocument(
      'report.pdf',
      pdf,
      createVerifyContext({
        trust: loadTrustStore(config.trust.anchors, [], []),
        offline: false,
        fetcher: createHttpFetcher(),
      }),
      DEFAULT_POLICY,
    );
    expect(verdict.reasons).toEqual([]);
    expect(verdict.accepted).toBe(true);
    expect(verdict.signatures).toHaveLength(1);
    expect(verdict.signatures[0]?.signer?.commonName).toBe('Valsts Testa Aģentūra e-zīmogs');
    expect(verdict.signatures[0]?.qualification).toBe('QESeal');

    const pdfsig = await run('pdfsig', [out]);
    expect(pdfsig.stdout).toMatch(/Signature #1/);
    const text = (await run('pdftotext', ['-enc', 'UTF-8', out, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('CN=Jānis Kalniņš');
    expect(text).toContain('INDETERMINATE / TRY_LATER');
    expect(text).toContain('P1-2026-00002');
  });

  it('when the report is asked for by SHA-256, as HTML or JSON, then it is the stored report of that file', async () => {
    const html = await reportDocumentCommand(config, REPORTS.access.sha256.toUpperCase(), 'html');
    expect(html).toContain('<h1>Signature validation report</h1>');
    expect(html).toContain('piekluves-tiesibas.pdf');
    expect(html).toContain('TRY_LATER');

    const json = JSON.parse(
      (await reportDocumentCommand(config, seeded.documents.altered, 'json')) as string,
    ) as { document: { documentId: string }; report: { documents: unknown[] } };
    expect(json.document.documentId).toBe(seeded.documents.altered);
    expect(json.report.documents).toEqual([REPORTS.altered]);
  });

  it('when the SHA-256 names two documents, none, or the argument is neither, then it says so', async () => {
    await expect(
      reportDocumentCommand(config, REPORTS.registration.sha256, 'json'),
    ).rejects.toThrow(
      new RegExp(
        `2 documents have SHA-256 .*name one by id: ${seeded.documents.resent} .*${seeded.documents.registration} `,
      ),
    );
    await expect(reportDocumentCommand(config, 'f'.repeat(64), 'json')).rejects.toMatchObject({
      code: 'RECORD_NOT_FOUND',
    });
    await expect(reportDocumentCommand(config, '999999', 'json')).rejects.toMatchObject({
      code: 'RECORD_NOT_FOUND',
    });
    await expect(reportDocumentCommand(config, 'report.pdf', 'json')).rejects.toMatchObject({
      code: 'CLI_USAGE',
    });
  });

  it('when no seal is configured, then a PDF is refused as a usage error', async () => {
    const unsealed = validateConfig({ dataDir: dir, log: { level: 'silent' } });
    await expect(
      reportDocumentCommand(unsealed, seeded.documents.access, 'pdf'),
    ).rejects.toMatchObject({ code: 'CLI_USAGE' });
  });
});
