import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError, isRetryable } from '../../../src/errors/index.js';
import { MAX_OCSP_RESPONSE_BYTES } from '../../../src/responses/sign/add-dss-limits.js';
import {
  addValidationData,
  pemSigner,
  sealPdf,
  type Signer,
  type ValidationDataOptions,
} from '../../../src/responses/sign/index.js';
import {
  createVerifyContext,
  DEFAULT_POLICY,
  parseCertificate,
  TrustStore,
  verifyDocument,
} from '../../../src/signature/index.js';
import { analysePdf, type PdfAnalysis } from '../../../src/signature/pades/analyse-pdf.js';
import { crlOf, fakeFetcher, ocspAnswer, publishing } from './support/add-dss-pki.js';
import { fakeTimestampAuthority } from './support/fake-tsa.js';
import { makeAcceptanceActPdf, makeLetterPdf } from './support/pdfs.js';
import { EKU_TIME_STAMPING, makeThrowaway, type Throwaway } from './support/throwaway-pki.js';

/**
 * B-LT for the agency's seal, in memory: a throwaway root, issuing CA, seal and TSA whose
 * certificates name OCSP responders, CRLs and caIssuers URLs that a fake Fetcher answers.
 */

const URL = {
  caOcsp: 'http://ocsp.ca.test/',
  rootOcsp: 'http://ocsp.root.test/',
  caCrl: 'http://crl.test/ca.crl',
  rootCrl: 'http://crl.test/root.crl',
  caCert: 'http://aia.test/ca.cer',
  rootCert: 'http://aia.test/root.cer',
} as const;
const HOUR_MS = 60 * 60 * 1000;

let root: Throwaway;
let ca: Throwaway;
let seal: Throwaway;
let tsa: Throwaway;
let signer: Signer;
/** Revocation data is issued once, just before the tests seal: fresh for every seal they make. */
let issuedAt: Date;
let rootCrl: Uint8Array;
let caCrl: Uint8Array;

beforeAll(() => {
  root = makeThrowaway({ commonName: 'Throwaway Root', isCa: true });
  ca = publishing(
    makeThrowaway({ commonName: 'Throwaway Issuing CA', isCa: true, issuer: root }),
    root,
    { ocsp: URL.rootOcsp, caIssuers: URL.rootCert, crl: URL.rootCrl },
  );
  seal = publishing(makeThrowaway({ commonName: 'Throwaway Agency Seal', issuer: ca }), ca, {
    ocsp: URL.caOcsp,
    caIssuers: URL.caCert,
    crl: URL.caCrl,
  });
  // The TSA, like many, names only a CRL: its status must come from the root's CRL.
  tsa = publishing(
    makeThrowaway({
      commonName: 'Throwaway TSA',
      issuer: root,
      extendedKeyUsage: [EKU_TIME_STAMPING],
    }),
    root,
    { caIssuers: URL.rootCert, crl: URL.rootCrl },
  );
  signer = pemSigner(seal.certPem, seal.keyPem, ca.certPem);
  issuedAt = new Date();
  rootCrl = crlOf(root, { thisUpdate: issuedAt });
  caCrl = crlOf(ca, { thisUpdate: issuedAt });
});

type Routes = Parameters<typeof fakeFetcher>[0];

/** The PKI's services, all answering; a test overrides the ones it breaks. */
function services(overrides: Routes = {}): Routes {
  const body = (b: Uint8Array | undefined): Uint8Array => b ?? new Uint8Array();
  return {
    [URL.caOcsp]: (b) => ocspAnswer(body(b), ca, { thisUpdate: issuedAt }),
    [URL.rootOcsp]: (b) => ocspAnswer(body(b), root, { thisUpdate: issuedAt }),
    [URL.caCrl]: () => caCrl,
    [URL.rootCrl]: () => rootCrl,
    [URL.caCert]: () => ca.certDer,
    [URL.rootCert]: () => root.certDer,
    ...overrides,
  };
}

async function sealed(pdf?: Uint8Array): Promise<Uint8Array> {
  return sealPdf(pdf ?? (await makeLetterPdf()), {
    signer,
    tsa: fakeTimestampAuthority(tsa),
    signingTime: new Date(),
  });
}

const fingerprint = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');
const fingerprints = (ders: readonly Uint8Array[]): string[] => ders.map(fingerprint).sort();

/** The VRI key as EN 319 142-1 defines it: SHA-1 of the whole /Contents string, upper-case hex. */
function vriKey(pdf: Uint8Array, analysis: PdfAnalysis): string {
  const [, gapStart = 0, gapEnd = 0] = analysis.signatures[0]?.byteRange ?? [];
  const hex = Buffer.from(pdf.subarray(gapStart + 1, gapEnd - 1)).toString('latin1');
  return createHash('sha1').update(Buffer.from(hex, 'hex')).digest('hex').toUpperCase();
}

async function failure(
  pdf: Uint8Array,
  options: ValidationDataOptions,
): Promise<Error & { code?: string }> {
  const error = await addValidationData(pdf, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error), String(error)).toBe(true);
  return error as Error & { code?: string };
}

describe('adding long-term validation data to a sealed letter (PAdES B-LT)', () => {
  it.each([
    ['a letter (classic xref table)', makeLetterPdf],
    ['the acceptance act (xref streams, existing field)', makeAcceptanceActPdf],
  ])(
    'when %s gets its validation data, then the sealed bytes stay a prefix and the DSS holds both chains, an OCSP answer per certificate with a responder and the CRL for the TSA',
    async (_, make) => {
      const input = await sealed(await make());
      const fetcher = fakeFetcher(services());

      const output = await addValidationData(input, {
        fetcher,
        trustAnchors: [root.certDer],
      });

      expect(output.length).toBeGreaterThan(input.length);
      expect(Buffer.from(output.subarray(0, input.length)).equals(Buffer.from(input))).toBe(true);
      const analysis = analysePdf(output);
      expect(analysis.problems.filter((p) => p.status === 'failed')).toEqual([]);
      expect(analysis.dss?.certificates).toHaveLength(4);
      expect(fingerprints(analysis.dss?.certificates ?? [])).toEqual(
        fingerprints([seal.certDer, ca.certDer, root.certDer, tsa.certDer]),
      );
      expect(analysis.dss?.ocsps).toHaveLength(2);
      expect(analysis.dss?.crls.map(fingerprint)).toEqual([fingerprint(rootCrl)]);
      expect(analysis.dss?.vriKeys).toEqual([vriKey(input, analysePdf(input))]);
      const [signature] = analysis.signatures;
      expect(signature?.coverageVerdict).toBe('permitted-changes-only');
      expect(signature?.modificationsAfter.filter((m) => m.verdict !== 'allowed')).toEqual([]);
      // The root came from the trust anchors: no caIssuers fetch, one CRL fetch for CA and TSA.
      expect([...fetcher.calls].sort()).toEqual(
        [`POST ${URL.caOcsp}`, `POST ${URL.rootOcsp}`, `GET ${URL.rootCrl}`].sort(),
      );
    },
  );

  it('when the sealed letter with its DSS is verified offline, then the seal passes at level B-LT', async () => {
    const output = await addValidationData(await sealed(), {
      fetcher: fakeFetcher(services()),
      trustAnchors: [root.certDer],
    });

    const trust = new TrustStore([
      { certificate: parseCertificate(root.certDer), source: 'throwaway root' },
    ]);
    // The throwaway seal is not a qualified one; everything else of the intake policy applies.
    const report = await verifyDocument(
      'letter.pdf',
      output,
      createVerifyContext({ trust, offline: true }),
      { ...DEFAULT_POLICY, requireQualified: false },
    );
    const [result] = report.signatures;
    expect(result?.errors).toEqual([]);
    expect(result).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT' });
    expect(result?.revocation).toMatchObject({ status: 'good', source: 'embedded OCSP' });
    expect(result?.coverage.verdict).toBe('permitted-changes-only');
    expect(result?.timestamps[0]).toMatchObject({ kind: 'signature', valid: true });
    expect(report).toMatchObject({ accepted: true, reasons: [] });
  });

  it('when no trust anchors are given, then the root is fetched from the caIssuers URL and ends the chain', async () => {
    const fetcher = fakeFetcher(services());

    const output = await addValidationData(await sealed(), { fetcher });

    expect(fetcher.calls).toContain(`GET ${URL.rootCert}`);
    expect(fetcher.calls.filter((c) => c === `GET ${URL.rootCert}`)).toHaveLength(1);
    expect(fingerprints(analysePdf(output).dss?.certificates ?? [])).toEqual(
      fingerprints([seal.certDer, ca.certDer, root.certDer, tsa.certDer]),
    );
  });

  it("when the root's OCSP responder is down, then the issuing CA's status comes from the root's CRL", async () => {
    const fetcher = fakeFetcher(
      services({
        [URL.rootOcsp]: () => Promise.reject(new Error('HTTP 503 from ocsp.root.test')),
      }),
    );

    const output = await addValidationData(await sealed(), {
      fetcher,
      trustAnchors: [root.certDer],
    });

    const dss = analysePdf(output).dss;
    expect(dss?.ocsps).toHaveLength(1);
    expect(dss?.crls.map(fingerprint)).toEqual([fingerprint(rootCrl)]);
    expect(fetcher.calls.filter((c) => c === `GET ${URL.rootCrl}`)).toHaveLength(1);
  });

  it('when an OCSP responder answers with more than the size limit, then the answer is refused and the CRL used', async () => {
    const fetcher = fakeFetcher(
      services({ [URL.caOcsp]: () => new Uint8Array(MAX_OCSP_RESPONSE_BYTES + 1) }),
    );

    const output = await addValidationData(await sealed(), {
      fetcher,
      trustAnchors: [root.certDer],
    });

    expect(fingerprints(analysePdf(output).dss?.crls ?? [])).toEqual(
      fingerprints([caCrl, rootCrl]),
    );
  });

  it("when neither the seal's OCSP responder nor its CRL answers, then SEAL_LT_DATA_UNAVAILABLE is retryable and names the certificate and the URLs", async () => {
    const down = (): Promise<Uint8Array> => Promise.reject(new Error('HTTP 503'));
    const input = await sealed();

    const error = await failure(input, {
      fetcher: fakeFetcher(services({ [URL.caOcsp]: down, [URL.caCrl]: down })),
      trustAnchors: [root.certDer],
    });

    expect(error.code).toBe('SEAL_LT_DATA_UNAVAILABLE');
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toContain('Throwaway Agency Seal');
    expect(error.message).toContain('http://ocsp.ca.test/: HTTP 503');
    expect(error.message).toContain('http://crl.test/ca.crl: HTTP 503');
  });

  it("when the root's newest CRL predates the seal's time-stamp, then it is retryable: the verifier needs a CRL issued after it", async () => {
    const oldCrl = crlOf(root, { thisUpdate: new Date(Date.now() - 2 * HOUR_MS) });

    const error = await failure(await sealed(), {
      fetcher: fakeFetcher(services({ [URL.rootCrl]: () => oldCrl })),
      trustAnchors: [root.certDer],
    });

    expect(error.code).toBe('SEAL_LT_DATA_UNAVAILABLE');
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/Throwaway TSA .*before the signature's time/);
  });

  it('when the seal certificate was revoked before the time-stamp, then SEAL_FAILED is permanent', async () => {
    const revokedAt = new Date(Date.now() - HOUR_MS);
    const fetcher = fakeFetcher(
      services({
        [URL.caOcsp]: (b) => ocspAnswer(b ?? new Uint8Array(), ca, { revokedAt }),
      }),
    );

    const error = await failure(await sealed(), { fetcher, trustAnchors: [root.certDer] });

    expect(error.code).toBe('SEAL_FAILED');
    expect(isRetryable(error)).toBe(false);
    expect(error.message).toMatch(/Throwaway Agency Seal was revoked/);
  });

  it('when the PDF carries no signature, then SEAL_FAILED says so and nothing is fetched', async () => {
    const fetcher = fakeFetcher(services());

    const error = await failure(await makeLetterPdf(), { fetcher });

    expect(error.code).toBe('SEAL_FAILED');
    expect(error.message).toMatch(/no signature/);
    expect(fetcher.calls).toEqual([]);
  });

  it('when validation data is added a second time, then the earlier DSS streams are reused, not duplicated', async () => {
    const options = { fetcher: fakeFetcher(services()), trustAnchors: [root.certDer] };
    const once = await addValidationData(await sealed(), options);

    const twice = await addValidationData(once, options);

    expect(Buffer.from(twice.subarray(0, once.length)).equals(Buffer.from(once))).toBe(true);
    const analysis = analysePdf(twice);
    expect(analysis.revisions.length).toBe(analysePdf(once).revisions.length + 1);
    expect(analysis.dss?.certificates).toHaveLength(4);
    expect(analysis.dss?.ocsps).toHaveLength(2);
    expect(analysis.dss?.crls).toHaveLength(1);
    expect(analysis.dss?.vriKeys).toHaveLength(1);
    expect(analysis.signatures[0]?.coverageVerdict).toBe('permitted-changes-only');
  });
});
