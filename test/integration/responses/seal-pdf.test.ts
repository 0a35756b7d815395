import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { httpPost } from '../../../src/adapters/http-post.js';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { certificatesFromBytes } from '../../../src/adapters/trust-files.js';
import { isAppError, isRetryable } from '../../../src/errors/index.js';
import {
  httpTimestampAuthority,
  pemSigner,
  pkcs12Signer,
  sealPdf,
  type SealOptions,
  type Signer,
} from '../../../src/responses/sign/index.js';
import {
  createVerifyContext,
  TrustStore,
  verifyDocument,
  type DocumentReport,
} from '../../../src/signature/index.js';
import {
  buildTestPki,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  type PkiSigner,
  type TestPki,
} from '../../../scripts/pki/index.js';
import { runOpenssl } from '../../../scripts/pki/run-openssl.js';

/**
 * The agency's seal against the real thing: the project's test PKI (a qualified seal
 * certificate), its RFC 3161 TSA over HTTP, the project's own verifier with OCSP, and poppler's
 * pdfsig as an independent reader of the result.
 */

// execFile, never a sync spawn: the PKI server answering OCSP and TSA runs in this process.
const run = promisify(execFile);
let pki: TestPki;
let server: PkiServer;
let trust: TrustStore;
let work: string;

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'responses-seal-pdf' });
  server = await startPkiServer(pki);
  trust = new TrustStore(
    certificatesFromBytes(Buffer.from(pki.trustAnchorsPem), 'test root').map((certificate) => ({
      certificate,
      source: 'test root',
    })),
  );
  work = await mkdtemp(join(tmpdir(), 'seal-pdf-test-'));
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const agencySigner = (): Signer =>
  pemSigner(
    pki.signers.agencySeal.certPem,
    pki.signers.agencySeal.keyPem,
    pki.signers.agencySeal.chainPem,
  );

function sealOptions(signer: Signer, extra: Partial<SealOptions> = {}): SealOptions {
  return {
    signer,
    tsa: httpTimestampAuthority(pki.urls.tsa, httpPost),
    signingTime: new Date(),
    reason: 'Atbilde uz iesniegumu',
    location: 'Rīga',
    name: 'Valsts Testa Aģentūra',
    ...extra,
  };
}

async function verify(name: string, pdf: Uint8Array): Promise<DocumentReport> {
  const ctx = createVerifyContext({ trust, fetcher: createHttpFetcher({ timeoutMs: 3_000 }) });
  return verifyDocument(name, pdf, ctx);
}

/**
 * pdfsig's report. Where poppler-utils is not installed the test is skipped with that message,
 * except in CI, which installs it (.ci/run): there a missing pdfsig is a failure.
 */
async function pdfsig(context: TestContext, pdf: Uint8Array, name: string): Promise<string> {
  const path = join(work, `${name}.pdf`);
  await writeFile(path, pdf);
  try {
    // pdfsig exits non-zero when it cannot validate the certificate against an NSS database;
    // the signature's own verdict is still in its output.
    const { stdout } = await run('pdfsig', [path]).catch(
      (error: { stdout?: string; code?: unknown }) => {
        if (error.code === 'ENOENT' || error.stdout === undefined) throw error;
        return { stdout: error.stdout };
      },
    );
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !process.env.CI)
      context.skip('pdfsig (poppler-utils) is not installed');
    throw error;
  }
}

async function letter(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Lemums', {
    x: 72,
    y: 770,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  return doc.save();
}

/** The acceptance act's shape: two empty signature fields, one per party. */
async function acceptanceAct(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Pienemsanas akts', {
    x: 72,
    y: 770,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  const form = doc.getForm();
  for (const [name, y] of [
    ['agencySignature', 200],
    ['institutionSignature', 100],
  ] as const) {
    const field = doc.context.register(
      doc.context.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Sig',
        T: PDFString.of(name),
        F: 4,
        Rect: [72, y, 272, y + 50],
        P: page.ref,
      }),
    );
    page.node.addAnnot(field);
    form.acroForm.addField(field);
  }
  return doc.save();
}

describe('the agency seals with the test PKI', () => {
  it('when a letter is sealed with the agency seal and the TSA, then the verifier accepts it as a B-T qualified seal and pdfsig finds it valid', async (context) => {
    const tsaRequests = server.requests.tsa;
    const sealed = await sealPdf(await letter(), sealOptions(agencySigner()));

    expect(server.requests.tsa).toBe(tsaRequests + 1);
    const report = await verify('letter.pdf', sealed);
    const [seal] = report.signatures;
    expect(report.signatures).toHaveLength(1);
    expect(seal).toMatchObject({
      indication: 'TOTAL_PASSED',
      level: 'B-T',
      qualification: 'QESeal',
    });
    expect(seal?.coverage.verdict).toBe('whole-document');
    expect(seal?.timestamps[0]).toMatchObject({ kind: 'signature', valid: true });
    expect(report).toMatchObject({ format: 'PAdES', accepted: true, reasons: [] });

    const text = await pdfsig(context, sealed, 'letter');
    expect(text).toContain('Signature is Valid.');
    expect(text).toContain('Total document signed');
    expect(text).toContain('ETSI.CAdES.detached');
    expect(text.match(/Signature #\d+:/g)).toHaveLength(1);
  });

  it("when the acceptance act is sealed into 'agencySignature', then that very field carries the accepted seal", async (context) => {
    const sealed = await sealPdf(
      await acceptanceAct(),
      sealOptions(agencySigner(), { fieldName: 'agencySignature' }),
    );

    const report = await verify('act.pdf', sealed);
    expect(report.signatures.map((s) => [s.id, s.indication, s.level])).toEqual([
      ['agencySignature', 'TOTAL_PASSED', 'B-T'],
    ]);
    expect(report.accepted).toBe(true);
    const text = await pdfsig(context, sealed, 'act');
    expect(text).toContain('Signature Field Name: agencySignature');
    expect(text).toContain('Signature is Valid.');
    expect(text).toContain('Total document signed');
  });

  it('when the TSA is down, then sealing fails with a retryable SEAL_TSA_FAILED that names the HTTP status', async () => {
    server.setDown('tsa', true);
    try {
      const error = await sealPdf(await letter(), sealOptions(agencySigner())).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isAppError(error, 'SEAL_TSA_FAILED')).toBe(true);
      expect(isRetryable(error)).toBe(true);
      expect((error as Error).message).toMatch(/did not answer: HTTP 503/);
    } finally {
      server.setDown('tsa', false);
    }
  });
});

describe('the agency key from a PKCS#12 file made by openssl', () => {
  async function exportP12(signer: PkiSigner, name: string, extra: string[]): Promise<Uint8Array> {
    const chainPath = join(work, `${name}-chain.pem`);
    const p12Path = join(work, `${name}.p12`);
    await writeFile(chainPath, signer.chainPem);
    await runOpenssl([
      'pkcs12',
      '-export',
      '-inkey',
      signer.paths.key,
      '-in',
      signer.paths.cert,
      '-certfile',
      chainPath,
      '-name',
      'agency seal',
      '-passout',
      'pass:seal-test-pass',
      '-out',
      p12Path,
      ...extra,
    ]);
    return new Uint8Array(await readFile(p12Path));
  }

  it.each([
    ['openssl 3 defaults (PBES2 AES-256, SHA-256 MAC)', []],
    [
      'older 3DES and SHA-1 MAC files',
      ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    ],
  ])(
    'when the seal key comes as a PKCS#12 with %s, then the sealed letter is accepted',
    async (_, extra) => {
      const p12 = await exportP12(pki.signers.agencySeal, `agency-${extra.length}`, extra);
      const signer = pkcs12Signer(p12, 'seal-test-pass');
      expect(Buffer.from(signer.certificate)).toEqual(Buffer.from(pki.signers.agencySeal.certDer));

      const report = await verify('p12.pdf', await sealPdf(await letter(), sealOptions(signer)));
      expect(report.signatures[0]).toMatchObject({
        indication: 'TOTAL_PASSED',
        level: 'B-T',
        qualification: 'QESeal',
      });
      expect(report.accepted).toBe(true);
    },
  );

  it('when the PKCS#12 holds an ECDSA key, then the seal is made with ecdsa-with-SHA256 and passes', async () => {
    const signer = pkcs12Signer(await exportP12(pki.signers.ecdsa, 'ecdsa', []), 'seal-test-pass');
    expect(signer.signatureAlgorithm).toBe('ecdsa-sha256');
    expect(Buffer.from(signer.certificate)).toEqual(Buffer.from(pki.signers.ecdsa.certDer));

    const report = await verify('ecdsa.pdf', await sealPdf(await letter(), sealOptions(signer)));
    expect(report.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-T' });
  });
});
