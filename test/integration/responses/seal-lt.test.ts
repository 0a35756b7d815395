import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { httpPost } from '../../../src/adapters/http-post.js';
import { certificatesFromBytes } from '../../../src/adapters/trust-files.js';
import { isAppError, isRetryable } from '../../../src/errors/index.js';
import {
  addValidationData,
  httpTimestampAuthority,
  pemBlocksToDer,
  pemSigner,
  pemToDer,
  sealPdf,
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
  type TestPki,
} from '../../../scripts/pki/index.js';
import { CRL_VALIDITY_DAYS } from '../../../scripts/pki/certificate-profiles.js';
import {
  generateCrl,
  opensslCaFiles,
  writeCaConfig,
  type OpensslCaFiles,
} from '../../../scripts/pki/openssl-ca.js';

/**
 * The agency's seal made long-term verifiable against the real thing: the project's test PKI
 * (OCSP over HTTP, CRLs, caIssuers, an RFC 3161 TSA), the project's HTTP fetcher, the project's
 * verifier with the network off, and poppler's pdfsig as an independent reader.
 */

// execFile, never a sync spawn: the PKI server answering OCSP and TSA runs in this process.
const run = promisify(execFile);
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
let pki: TestPki;
let server: PkiServer;
let serverUp = false;
let trust: TrustStore;
let trustAnchors: Uint8Array[];
let work: string;
let rootCrlIssuer: OpensslCaFiles;

/**
 * The root CA publishes a CRL issued at `thisUpdate` (it has revoked nothing). The test PKI made
 * its CRLs when it was built, possibly hours ago; the verifier only accepts revocation data issued
 * after (or just before) the seal's time-stamp, as a real CA's next scheduled CRL would be. The
 * CRL is made by `openssl ca` with the root's key over a database of its own in this test's
 * folder, so the cached PKI stays as it was.
 */
async function publishRootCrl(thisUpdate: Date): Promise<void> {
  await generateCrl(
    rootCrlIssuer,
    thisUpdate,
    new Date(thisUpdate.getTime() + CRL_VALIDITY_DAYS * DAY_MS),
  );
  // The PKI server reads the CRL it serves from here on every request.
  pki.cas.root.crlDer = pemToDer(await readFile(rootCrlIssuer.crl, 'utf8'));
}

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'seal-lt' });
  server = await startPkiServer(pki);
  serverUp = true;
  trust = new TrustStore(
    certificatesFromBytes(Buffer.from(pki.trustAnchorsPem), 'test root').map((certificate) => ({
      certificate,
      source: 'test root',
    })),
  );
  trustAnchors = pemBlocksToDer(pki.trustAnchorsPem);
  work = await mkdtemp(join(tmpdir(), 'seal-lt-test-'));
  rootCrlIssuer = {
    ...opensslCaFiles(join(work, 'root-crl-issuer')),
    cert: pki.cas.root.paths.cert,
    key: pki.cas.root.paths.key,
  };
  await writeCaConfig(rootCrlIssuer);
  await publishRootCrl(new Date());
}, 120_000);

afterAll(async () => {
  if (serverUp) await server.close();
  if (work) await rm(work, { recursive: true, force: true });
});

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

async function sealedLetter(): Promise<Uint8Array> {
  return sealPdf(await letter(), {
    signer: pemSigner(
      pki.signers.agencySeal.certPem,
      pki.signers.agencySeal.keyPem,
      pki.signers.agencySeal.chainPem,
    ),
    tsa: httpTimestampAuthority(pki.urls.tsa, httpPost),
    signingTime: new Date(),
    reason: 'Atbilde uz iesniegumu',
    location: 'Rīga',
  });
}

/** A fresh fetcher each time: the adapter caches GETs (CRLs) for minutes, as a retry would not. */
const fetcher = (): ReturnType<typeof createHttpFetcher> => createHttpFetcher({ timeoutMs: 3_000 });

async function verify(
  name: string,
  pdf: Uint8Array,
  network: 'offline' | 'online',
): Promise<DocumentReport> {
  const ctx =
    network === 'offline'
      ? createVerifyContext({ trust, offline: true })
      : createVerifyContext({ trust, fetcher: fetcher() });
  return verifyDocument(name, pdf, ctx);
}

function expectAcceptedLt(report: DocumentReport): void {
  const [seal] = report.signatures;
  expect(report.signatures).toHaveLength(1);
  expect(seal?.errors).toEqual([]);
  expect(seal).toMatchObject({
    indication: 'TOTAL_PASSED',
    level: 'B-LT',
    qualification: 'QESeal',
  });
  expect(seal?.revocation).toMatchObject({ status: 'good', source: 'embedded OCSP' });
  expect(seal?.coverage.verdict).toBe('permitted-changes-only');
  expect(seal?.timestamps[0]).toMatchObject({ kind: 'signature', valid: true });
  expect(report).toMatchObject({ format: 'PAdES', accepted: true, reasons: [] });
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

describe('the agency seal made B-LT with the test PKI', () => {
  it('when a sealed letter gets its validation data, then the verifier with the network off accepts it as a B-LT qualified seal and pdfsig finds it valid', async (context) => {
    const sealed = await sealedLetter();
    const ocspRequests = server.requests.ocsp;

    const lt = await addValidationData(sealed, { fetcher: fetcher(), trustAnchors });

    expect(Buffer.from(lt.subarray(0, sealed.length)).equals(Buffer.from(sealed))).toBe(true);
    expect(server.requests.ocsp).toBe(ocspRequests + 1);
    const before = await verify('sealed.pdf', sealed, 'offline');
    expect(before.signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
    });
    expectAcceptedLt(await verify('sealed-lt.pdf', lt, 'offline'));

    const text = await pdfsig(context, lt, 'sealed-lt');
    expect(text).toContain('Signature is Valid.');
    expect(text).toContain('ETSI.CAdES.detached');
    expect(text.match(/Signature #\d+:/g)).toHaveLength(1);
  });

  it("when the root CA's newest CRL predates the seal, then adding validation data fails retryably, and the retry after the CA's next CRL succeeds", async () => {
    await publishRootCrl(new Date(Date.now() - HOUR_MS));
    const sealed = await sealedLetter();

    const error = await addValidationData(sealed, { fetcher: fetcher(), trustAnchors }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error, 'SEAL_LT_DATA_UNAVAILABLE')).toBe(true);
    expect(isRetryable(error)).toBe(true);
    expect((error as Error).message).toMatch(/Test Qualified CA.*before the signature's time/);

    await publishRootCrl(new Date());
    const lt = await addValidationData(sealed, { fetcher: fetcher(), trustAnchors });
    expectAcceptedLt(await verify('retried-lt.pdf', lt, 'offline'));
  });

  it('when the PKI is gone after the validation data was added, then the seal still verifies, offline and with the network on', async () => {
    const lt = await addValidationData(await sealedLetter(), { fetcher: fetcher(), trustAnchors });

    await server.close();
    serverUp = false;

    expectAcceptedLt(await verify('offline.pdf', lt, 'offline'));
    expectAcceptedLt(await verify('online-no-pki.pdf', lt, 'online'));
  });
});
