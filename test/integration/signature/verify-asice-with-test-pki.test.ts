import { randomBytes } from 'node:crypto';
import { parseEdoc, verifySignature } from 'edockit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { certificatesFromBytes } from '../../../src/adapters/trust-files.js';
import {
  createVerifyContext,
  TrustStore,
  verifyDocument,
  type DocumentReport,
} from '../../../src/signature/index.js';
import {
  buildTestPki,
  makeSignedAsice,
  makeXadesSignatures,
  packAsice,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type AsiceDataFile,
  type PkiServer,
  type PkiSigner,
  type TestPki,
} from '../../../scripts/pki/index.js';

/**
 * ASiC-E containers (Latvian eDoc layout, XAdES B-T) made with the project's own test PKI and
 * TSA, verified by our verifier against the loopback OCSP/CRL/TSA and, as a second opinion, by
 * edockit (npm). A container both accept is one the bench can time them on.
 */
/** edockit's index does not re-export its result type. */
type VerificationResult = Awaited<ReturnType<typeof verifySignature>>;

let pki: TestPki;
let server: PkiServer;
let trust: TrustStore;

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'verify-asice-with-test-pki' });
  server = await startPkiServer(pki);
  trust = new TrustStore(
    certificatesFromBytes(Buffer.from(pki.trustAnchorsPem), 'test root').map((certificate) => ({
      certificate,
      source: 'test root',
    })),
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
});

async function ours(container: Uint8Array, name = 'iesniegums.edoc'): Promise<DocumentReport> {
  const ctx = createVerifyContext({
    trust,
    offline: false,
    fetcher: createHttpFetcher({ timeoutMs: 3_000 }),
  });
  return verifyDocument(name, container, ctx);
}

/** edockit as its README shows it: parse, then every signature with revocation and time-stamps. */
async function edockit(container: Uint8Array): Promise<VerificationResult[]> {
  const parsed = parseEdoc(container);
  return Promise.all(
    parsed.signatures.map((signature) =>
      verifySignature(signature, parsed.files, { checkRevocation: true, verifyTimestamps: true }),
    ),
  );
}

/** `count` files of random (incompressible) bytes, about `totalBytes` together. */
function dataFiles(count: number, totalBytes: number): AsiceDataFile[] {
  return Array.from({ length: count }, (_, i) => ({
    name: i === 0 ? 'iesniegums.pdf' : `pielikumi/pielikums ${i}.bin`,
    bytes: new Uint8Array(randomBytes(Math.floor(totalBytes / count))),
    mimeType: i === 0 ? 'application/pdf' : 'application/octet-stream',
  }));
}

async function signed(files: AsiceDataFile[], signer: PkiSigner = pki.signers.valid) {
  return makeSignedAsice(signer, files, { tsaUrl: server.tsaUrl });
}

describe('ASiC-E (XAdES B-T) containers from the test PKI', () => {
  it.each([1, 10])(
    'when a qualified signer signs %i data file(s) with a time-stamp, then ours accepts it as QESig B-T and edockit finds it VALID',
    async (count) => {
      const files = dataFiles(count, 100 * 1024);
      const container = await signed(files);

      const doc = await ours(container);
      expect(doc).toMatchObject({ format: 'ASiC-E', accepted: true, reasons: [] });
      // The fixture is clean, not merely acceptable: no ZIP, packaging or signature warning.
      expect(doc.checks.filter((c) => c.status !== 'passed')).toEqual([]);
      expect(doc.signatures).toHaveLength(1);
      const sig = doc.signatures[0];
      expect(sig).toMatchObject({
        kind: 'XAdES',
        indication: 'TOTAL_PASSED',
        level: 'B-T',
        qualification: 'QESig',
      });
      expect(sig?.warnings).toEqual([]);
      expect(sig?.revocation).toMatchObject({ status: 'good' });
      expect(sig?.timestamps).toEqual([
        expect.objectContaining({ kind: 'signature', valid: true }),
      ]);
      expect(sig?.coverage.verdict).toBe('whole-document');
      expect([...(sig?.coverage.covered ?? [])].sort()).toEqual(files.map((f) => f.name).sort());

      const [result, ...more] = await edockit(container);
      expect(more).toHaveLength(0);
      expect(result).toMatchObject({ isValid: true, status: 'VALID' });
      expect(result?.checksums.isValid).toBe(true);
      expect(Object.keys(result?.checksums.details ?? {}).sort()).toEqual(
        files.map((f) => f.name).sort(),
      );
      expect(result?.signature?.isValid).toBe(true);
      expect(result?.certificate.revocation?.status).toBe('good');
      expect(result?.timestamp).toMatchObject({ isValid: true, coversSignature: true });
    },
  );

  it('accepts an ECDSA P-256 signer too (ecdsa-sha256, r||s signature value)', async () => {
    const container = await signed(dataFiles(2, 10 * 1024), pki.signers.ecdsa);
    const doc = await ours(container);
    expect(doc.accepted).toBe(true);
    expect(doc.signatures[0]?.indication).toBe('TOTAL_PASSED');
    const [result] = await edockit(container);
    expect(result?.status).toBe('VALID');
  });

  it('when one byte of a data file is changed after signing, then ours refuses it as HASH_FAILURE naming the file', async () => {
    const files = dataFiles(3, 30 * 1024);
    const signatures = await makeXadesSignatures(pki.signers.valid, files, {
      tsaUrl: server.tsaUrl,
    });
    const altered = files.map((f) => ({ ...f, bytes: f.bytes.slice() }));
    const victim = altered[1] as AsiceDataFile;
    victim.bytes[100] = (victim.bytes[100] ?? 0) ^ 0x01;
    // A well-formed archive (CRCs recomputed): only the signed digest can tell.
    const container = packAsice(altered, signatures);

    const doc = await ours(container);
    expect(doc.accepted).toBe(false);
    const sig = doc.signatures[0];
    expect(sig).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(sig?.errors.join(' ')).toContain(encodeURI(victim.name));
    expect(doc.reasons.join(' ')).toMatch(/invalid \(HASH_FAILURE\).*digest does not match/);

    const [result] = await edockit(container);
    expect(result).toMatchObject({ isValid: false, status: 'INVALID' });
    expect(result?.checksums.details[victim.name]?.matches).toBe(false);
  });

  it('when one byte of a stored data file is changed inside the archive (CRC-32 no longer matches), then ours refuses it', async () => {
    const payload = new Uint8Array(randomBytes(8 * 1024));
    const container = await signed([{ name: 'scan.bin', bytes: payload, compression: 'store' }]);
    const at = Buffer.from(container).indexOf(payload.subarray(0, 64)) + 100;
    expect(at).toBeGreaterThan(100);
    container[at] = (container[at] ?? 0) ^ 0x01;

    const doc = await ours(container);
    expect(doc.accepted).toBe(false);
    expect(doc.signatures[0]?.indication).not.toBe('TOTAL_PASSED');
    // The reason names the real cause: the entry is damaged or altered (its CRC-32), not missing.
    expect(doc.reasons.join(' ')).toMatch(/scan\.bin is damaged or was altered: .*CRC-32/);
  });
});
