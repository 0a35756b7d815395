import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import { certificatesFromBytes } from '../../../src/adapters/trust-files.js';
import {
  createVerifyContext,
  TrustStore,
  verifyDocument,
  type DocumentReport,
  type SignatureReport,
} from '../../../src/signature/index.js';
import {
  buildTestPki,
  makeSignedPdf,
  makeSignedPdfWithOpenssl,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  type TestPki,
} from '../../../scripts/pki/index.js';

/**
 * PAdES signatures made with the project's own test PKI, verified with OCSP, CRL and the TSA served
 * over HTTP on loopback: each check has a case that passes and a case that fails.
 */
let pki: TestPki;
let server: PkiServer;
let trust: TrustStore;

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'verify-pades-with-test-pki' });
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

async function verify(
  pdf: Uint8Array,
  options: { offline?: boolean } = {},
): Promise<{ doc: DocumentReport; sig: SignatureReport }> {
  const ctx = createVerifyContext({
    trust,
    offline: options.offline ?? false,
    fetcher: createHttpFetcher({ timeoutMs: 3_000 }),
  });
  const doc = await verifyDocument('test.pdf', pdf, ctx);
  const sig = doc.signatures[0];
  if (!sig) throw new Error('no signature reported');
  return { doc, sig };
}

const timestamped = (): { tsaUrl: string } => ({ tsaUrl: server.tsaUrl });

describe('PAdES signatures from the test PKI', () => {
  it('when a qualified signer signs with a time-stamp and OCSP answers good, then the form is accepted as QESig B-T', async () => {
    const { doc, sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.valid,
        chain: pki.signers.valid.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(sig).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-T', qualification: 'QESig' });
    expect(sig.revocation).toMatchObject({ status: 'good', source: 'OCSP' });
    expect(sig.timestamps[0]).toMatchObject({ kind: 'signature', valid: true });
    expect(sig.coverage.verdict).toBe('whole-document');
    expect(doc).toMatchObject({ format: 'PAdES', accepted: true, reasons: [] });
  });

  it('accepts ECDSA P-256 and RSA-PSS signers', async () => {
    const ecdsa = await verify(
      await makeSignedPdf({
        signer: pki.signers.ecdsa,
        chain: pki.signers.ecdsa.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(ecdsa.sig.indication).toBe('TOTAL_PASSED');
    const pss = await verify(
      await makeSignedPdf({
        signer: pki.signers.valid,
        chain: pki.signers.valid.chainPem,
        timestamp: timestamped(),
        pss: true,
        digest: 'sha384',
      }),
    );
    expect(pss.sig.indication).toBe('TOTAL_PASSED');
  });

  it('when the agency seals a letter, then it is a qualified electronic seal', async () => {
    const { sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.agencySeal,
        chain: pki.signers.agencySeal.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(sig).toMatchObject({ indication: 'TOTAL_PASSED', qualification: 'QESeal' });
  });

  it('when a byte inside the signed range is changed, then the signature is TOTAL_FAILED / HASH_FAILURE', async () => {
    const pdf = await makeSignedPdf({
      signer: pki.signers.valid,
      chain: pki.signers.valid.chainPem,
      timestamp: timestamped(),
    });
    // The binary comment on the second line: signed, but meaningless to a PDF reader.
    const at = Buffer.from(pdf).indexOf('\n%', 5) + 2;
    expect(at).toBeGreaterThan(2);
    pdf[at] = (pdf[at] ?? 0) ^ 0x01;
    const { doc, sig } = await verify(pdf);
    expect(sig).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(doc.accepted).toBe(false);
  });

  it('when the signer was revoked before the time-stamp, then it is INDETERMINATE / REVOKED_NO_POE', async () => {
    const { doc, sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.revoked,
        chain: pki.signers.revoked.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(sig).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_NO_POE' });
    expect(sig.revocation?.status).toBe('revoked');
    expect(doc.accepted).toBe(false);
  });

  it("when the signer's certificate has expired, then it is INDETERMINATE / OUT_OF_BOUNDS_NO_POE", async () => {
    const { sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.expired,
        chain: pki.signers.expired.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(sig).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
  });

  it("when the signer's certificate is not yet valid, then it is TOTAL_FAILED / NOT_YET_VALID", async () => {
    const { sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.notYetValid,
        chain: pki.signers.notYetValid.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(sig).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'NOT_YET_VALID' });
  });

  it('when the signer chains to an untrusted root, then it is INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const { sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.untrusted,
        chain: pki.signers.untrusted.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(sig).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      trustAnchor: null,
    });
  });

  it("when the signer's certificate is not qualified, then the policy makes it INDETERMINATE and the form is refused with that reason", async () => {
    const { doc, sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.nonQualified,
        chain: pki.signers.nonQualified.chainPem,
        timestamp: timestamped(),
      }),
    );
    expect(sig).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
      qualification: 'AdESig',
    });
    expect(doc.reasons.join(' ')).toMatch(/not a qualified electronic signature/);
  });

  it('when there is no time-stamp, then it is B-B and refused for lacking one', async () => {
    const { doc, sig } = await verify(
      await makeSignedPdf({ signer: pki.signers.valid, chain: pki.signers.valid.chainPem }),
    );
    expect(sig).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
      level: 'B-B',
    });
    expect(doc.reasons.join(' ')).toMatch(/no valid time-stamp/);
  });

  it('when verifying offline with no revocation data in the file, then it is never a pass (TRY_LATER)', async () => {
    const before = server.requests.ocsp;
    const { sig } = await verify(
      await makeSignedPdf({
        signer: pki.signers.valid,
        chain: pki.signers.valid.chainPem,
        timestamp: timestamped(),
      }),
      { offline: true },
    );
    expect(sig).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(server.requests.ocsp).toBe(before);
  });

  it('when the OCSP responder is down, then the CRL decides; when both are down, it is TRY_LATER', async () => {
    const pdf = await makeSignedPdf({
      signer: pki.signers.ecdsa,
      chain: pki.signers.ecdsa.chainPem,
      timestamp: timestamped(),
    });
    server.setDown('ocsp', true);
    try {
      const viaCrl = await verify(pdf);
      expect(viaCrl.sig.indication).toBe('TOTAL_PASSED');
      expect(viaCrl.sig.revocation).toMatchObject({ status: 'good', source: 'CRL' });
      server.setDown('crl', true);
      const none = await verify(pdf);
      expect(none.sig).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    } finally {
      server.setDown('ocsp', false);
      server.setDown('crl', false);
    }
  });

  it('interoperability: a CMS made by openssl cms -sign -cades verifies (its only failing check is the missing time-stamp)', async () => {
    const { sig } = await verify(
      await makeSignedPdfWithOpenssl({
        signer: pki.signers.valid,
        chain: pki.signers.valid.chainPem,
      }),
    );
    expect(sig.checks.filter((c) => c.name.startsWith('cms.') && c.status === 'failed')).toEqual(
      [],
    );
    expect(sig.checks.find((c) => c.name === 'cms.message-digest')?.status).toBe('passed');
    expect(sig.checks.find((c) => c.name === 'cms.signature-value')?.status).toBe('passed');
    expect(sig).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
      qualification: 'QESig',
    });
  });

  it('when the signature carries no intermediate certificate, then the issuing CA is fetched over AIA', async () => {
    const before = server.requests.caIssuers;
    const { sig } = await verify(
      await makeSignedPdf({ signer: pki.signers.valid, timestamp: timestamped() }),
    );
    expect(sig.indication).toBe('TOTAL_PASSED');
    expect(sig.chain.map((c) => c.subject)).toHaveLength(3);
    expect(server.requests.caIssuers).toBeGreaterThan(before);
  });

  it('when a signed PDF is signed again, then both signatures pass and the first reports only permitted changes', async () => {
    const first = await makeSignedPdf({
      signer: pki.signers.valid,
      chain: pki.signers.valid.chainPem,
      timestamp: timestamped(),
      fieldName: 'Iestade',
    });
    const both = await makeSignedPdf({
      pdf: first,
      signer: pki.signers.agencySeal,
      chain: pki.signers.agencySeal.chainPem,
      timestamp: timestamped(),
      fieldName: 'Agentura',
    });
    const ctx = createVerifyContext({ trust, fetcher: createHttpFetcher({ timeoutMs: 3_000 }) });
    const doc = await verifyDocument('both.pdf', both, ctx);
    expect(doc.signatures.map((s) => [s.id, s.indication, s.coverage.verdict])).toEqual([
      ['Iestade', 'TOTAL_PASSED', 'permitted-changes-only'],
      ['Agentura', 'TOTAL_PASSED', 'whole-document'],
    ]);
    expect(doc.accepted).toBe(true);
  });

  it('time ordering: a claimed signing time after the time-stamp is flagged; one before it is not', async () => {
    const later = await verify(
      await makeSignedPdf({
        signer: pki.signers.valid,
        chain: pki.signers.valid.chainPem,
        timestamp: timestamped(),
        signingTime: new Date(Date.now() + 3_600_000),
      }),
    );
    expect(later.sig.checks.find((c) => c.name === 'timestamp.order')).toMatchObject({
      status: 'warning',
      detail: expect.stringMatching(/after the time-stamp/),
    });
    const before = await verify(
      await makeSignedPdf({
        signer: pki.signers.valid,
        chain: pki.signers.valid.chainPem,
        timestamp: timestamped(),
        signingTime: new Date(Date.now() - 60_000),
      }),
    );
    expect(before.sig.checks.find((c) => c.name === 'timestamp.order')).toBeUndefined();
  });
});
