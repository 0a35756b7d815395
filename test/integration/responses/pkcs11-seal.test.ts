import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { httpPost } from '../../../src/adapters/http-post.js';
import { pkcs11Tool } from '../../../src/adapters/pkcs11-tool.js';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { certificatesFromBytes } from '../../../src/adapters/trust-files.js';
import { agencySeal } from '../../../src/cli/commands/agency-seal.js';
import { validateConfig } from '../../../src/config/index.js';
import { isAppError } from '../../../src/errors/index.js';
import {
  httpTimestampAuthority,
  pemBlocksToDer,
  pkcs11Signer,
  sealPdf,
  type Pkcs11SignerOptions,
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
  type TestPki,
} from '../../../scripts/pki/index.js';

/**
 * The agency's seal with its key on a PKCS#11 token: SoftHSM2 as the token, OpenSC's
 * pkcs11-tool as the only thing that talks to it, the test PKI's seal key imported into it.
 * The sealed letter must pass the project's verifier and poppler's pdfsig, and the token's
 * refusals (wrong PIN, unknown key, foreign certificate) must come back as SEAL_FAILED.
 */

// execFile, never a sync spawn: the PKI server answering OCSP and TSA runs in this process.
const run = promisify(execFile);
const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const TOKEN = 'agency';
const PIN = '1234';
const SO_PIN = '5678';
/** Debian's packages; .ci/run installs them, so in CI a missing one is a failure, not a skip. */
const TOOLS = [
  ['softhsm2-util', 'softhsm2'],
  ['pkcs11-tool', 'opensc'],
] as const;

async function missingTools(): Promise<string | undefined> {
  const missing: string[] = [];
  for (const [tool, pkg] of TOOLS) {
    const found = await run('sh', ['-c', `command -v ${tool}`]).then(
      () => true,
      () => false,
    );
    if (!found) missing.push(`${tool} (Debian package ${pkg})`);
  }
  const moduleFound = await access(MODULE).then(
    () => true,
    () => false,
  );
  if (!moduleFound) missing.push(`${MODULE} (Debian package softhsm2)`);
  return missing.length === 0 ? undefined : `not installed: ${missing.join(', ')}`;
}

const missing = await missingTools();
if (missing && process.env.CI) throw new Error(`the PKCS#11 seal tests need ${missing}`);

let pki: TestPki;
let server: PkiServer;
let trust: TrustStore;
let work: string;
/** The environment every SoftHSM client gets: its own token folder under `work`. */
let tokenEnv: Record<string, string | undefined>;

async function softhsm(args: string[]): Promise<void> {
  await run('softhsm2-util', args, { env: tokenEnv });
}

beforeAll(async () => {
  if (missing) return;
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'pkcs11-seal' });
  server = await startPkiServer(pki);
  trust = new TrustStore(
    certificatesFromBytes(Buffer.from(pki.trustAnchorsPem), 'test root').map((certificate) => ({
      certificate,
      source: 'test root',
    })),
  );
  work = await mkdtemp(join(tmpdir(), 'pkcs11-seal-test-'));
  const conf = join(work, 'softhsm2.conf');
  await writeFile(
    conf,
    `directories.tokendir = ${join(work, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  await mkdir(join(work, 'tokens'));
  tokenEnv = { ...process.env, SOFTHSM2_CONF: conf };
  await softhsm(['--init-token', '--free', '--label', TOKEN, '--pin', PIN, '--so-pin', SO_PIN]);
  // Two keys, so a signer that ignored the key label could pick the wrong one.
  for (const [key, label, id] of [
    [pki.signers.ecdsa.paths.key, 'person-ecdsa', '02'],
    [pki.signers.agencySeal.paths.key, 'seal', '01'],
  ] as const) {
    await softhsm(['--import', key, '--token', TOKEN, '--label', label, '--id', id, '--pin', PIN]);
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

beforeEach((context) => {
  if (missing) context.skip(`PKCS#11 seal tests skipped: ${missing}`);
});

function tokenSigner(extra: Partial<Pkcs11SignerOptions> = {}): Signer {
  return pkcs11Signer(
    {
      module: MODULE,
      tokenLabel: TOKEN,
      pin: PIN,
      keyLabel: 'seal',
      certificate: pki.signers.agencySeal.certDer,
      chain: pemBlocksToDer(pki.signers.agencySeal.chainPem),
      ...extra,
    },
    pkcs11Tool({ env: tokenEnv }),
  );
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

const sealWith = async (signer: Signer): Promise<Uint8Array> =>
  sealPdf(await letter(), {
    signer,
    tsa: httpTimestampAuthority(server.tsaUrl, httpPost),
    signingTime: new Date(),
  });

async function verify(name: string, pdf: Uint8Array): Promise<DocumentReport> {
  const ctx = createVerifyContext({ trust, fetcher: createHttpFetcher({ timeoutMs: 3_000 }) });
  return verifyDocument(name, pdf, ctx);
}

/** pdfsig's report; skipped without poppler-utils, except in CI (see seal-pdf.test.ts). */
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

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error, 'SEAL_FAILED')).toBe(true);
  return error as Error;
}

describe('the agency seals with its key on a PKCS#11 token', () => {
  it('when a letter is sealed with the key on the token and the TSA, then the verifier accepts it as a B-T qualified seal and pdfsig finds it valid', async (context) => {
    const signer = tokenSigner();
    expect(signer.signatureAlgorithm).toBe('rsa-pkcs1-sha256');

    const sealed = await sealWith(signer);

    const report = await verify('letter.pdf', sealed);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      level: 'B-T',
      qualification: 'QESeal',
    });
    expect(report).toMatchObject({ format: 'PAdES', accepted: true, reasons: [] });
    const text = await pdfsig(context, sealed, 'pkcs11-letter');
    expect(text).toContain('Signature is Valid.');
    expect(text).toContain('Total document signed');
  });

  it('when the key on the token is ECDSA P-256, then the token signs r||s and the seal carries a DER ECDSA-Sig-Value that verifies', async (context) => {
    const signer = tokenSigner({
      keyLabel: 'person-ecdsa',
      certificate: pki.signers.ecdsa.certDer,
      chain: pemBlocksToDer(pki.signers.ecdsa.chainPem),
    });
    expect(signer.signatureAlgorithm).toBe('ecdsa-sha256');
    const signature = await signer.sign(new TextEncoder().encode('signed attributes'));
    expect(signature[0]).toBe(0x30);

    const sealed = await sealWith(signer);

    const report = await verify('ecdsa.pdf', sealed);
    expect(report.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-T' });
    expect(await pdfsig(context, sealed, 'pkcs11-ecdsa')).toContain('Signature is Valid.');
  });

  it('when the configuration names a PKCS#11 key and a PEM certificate file with its chain, then the configured seal is accepted', async () => {
    const certificateFile = join(work, 'seal-with-chain.pem');
    await writeFile(
      certificateFile,
      pki.signers.agencySeal.certPem + pki.signers.agencySeal.chainPem,
    );
    // agencySeal() gives pkcs11-tool this process's environment, as the service does.
    const previous = process.env['SOFTHSM2_CONF'];
    process.env['SOFTHSM2_CONF'] = tokenEnv['SOFTHSM2_CONF'];
    const seal = agencySeal(
      validateConfig({
        signing: {
          kind: 'pkcs11',
          module: MODULE,
          tokenLabel: TOKEN,
          pin: PIN,
          keyLabel: 'seal',
          certificateFile,
        },
        tsa: { url: server.tsaUrl },
      }),
    );

    if (!seal) throw new Error('a configured key gives a seal');
    let sealed: Uint8Array;
    try {
      sealed = await seal(await letter());
    } finally {
      if (previous === undefined) delete process.env['SOFTHSM2_CONF'];
      else process.env['SOFTHSM2_CONF'] = previous;
    }

    const report = await verify('configured.pdf', sealed);

    expect(report.signatures[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      level: 'B-T',
      qualification: 'QESeal',
    });
  });
});

describe('the token refuses', () => {
  it('when the PIN is wrong, then sealing fails with SEAL_FAILED that does not contain the PIN, and the PIN is not offered again', async () => {
    const wrongPin = '97531';
    const signer = tokenSigner({ pin: wrongPin });

    const first = await failure(sealWith(signer));
    const second = await failure(sealWith(signer));

    expect(first.message).toMatch(/CKR_PIN_INCORRECT/);
    expect(second.message).toMatch(/not offered again/);
    for (const error of [first, second]) {
      expect(error.message).not.toContain(wrongPin);
      expect(JSON.stringify({ ...error, cause: String(error.cause) })).not.toContain(wrongPin);
    }
  });

  it('when no key on the token has the configured label, then sealing fails with SEAL_FAILED naming the label', async () => {
    // pkcs11-tool alone would sign with the first private key it finds; the signer must not.
    const error = await failure(sealWith(tokenSigner({ keyLabel: 'seal-2019' })));

    expect(error.message).toContain("has no private key labelled 'seal-2019'");
    expect(error.message).not.toContain(PIN);
  });

  it('when the token label is unknown, then sealing fails with SEAL_FAILED', async () => {
    const error = await failure(sealWith(tokenSigner({ tokenLabel: 'no-such-token' })));

    expect(error.message).toContain("'no-such-token'");
  });

  it("when the certificate is not the token key's, then the signature is refused rather than put on the letter", async () => {
    const signer = tokenSigner({
      certificate: pki.signers.valid.certDer,
      chain: pemBlocksToDer(pki.signers.valid.chainPem),
    });

    const error = await failure(signer.sign(new TextEncoder().encode('signed attributes')));

    expect(error.message).toMatch(/does not belong to the certificate .*Jānis Bērziņš/);
  });
});
