import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher.js';
import {
  createVerifyContext,
  parseCertificate,
  TrustStore,
  verifyDocument,
} from '../../../src/signature/index.js';
import {
  SERVICE_TYPE,
  type TrustedList,
  type TrustedService,
} from '../../../src/signature/trust/trusted-list.js';
import {
  buildTestPki,
  makeSignedPdf,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  type TestPki,
} from '../../../scripts/pki/index.js';

/**
 * Trust from a trusted list, with no anchor files: the test PKI's qualified CA and TSA listed as
 * services. A service anchors only while approved at the time, and only for its purpose.
 */
let pki: TestPki;
let server: PkiServer;
let pdf: Uint8Array;

const GRANTED = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted';
const WITHDRAWN = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn';
const longAgo = new Date('2000-01-01T00:00:00Z');

function service(
  type: string,
  der: Uint8Array,
  history: TrustedService['history'],
): TrustedService {
  return {
    list: 'test-TL',
    provider: 'Test TSP',
    name: type,
    type,
    history,
    additionalInfo: [],
    certificates: [parseCertificate(der)],
  };
}

function trustWith(tsa: TrustedService): TrustStore {
  const list: TrustedList = {
    name: 'test-TL',
    services: [
      service(SERVICE_TYPE.caQc, pki.cas.qualifiedCa.certDer, [{ status: GRANTED, from: longAgo }]),
      tsa,
    ],
    signerCertificates: [],
  };
  return new TrustStore([], [list]);
}

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'trusted-list-anchors' });
  server = await startPkiServer(pki);
  pdf = await makeSignedPdf({
    signer: pki.signers.valid,
    chain: pki.signers.valid.chainPem,
    timestamp: { tsaUrl: server.tsaUrl },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('trusted-list services as anchors', () => {
  it('when the CA and the TSA are granted services, then the signature is a QESig with a qualified time-stamp', async () => {
    const trust = trustWith(
      service(SERVICE_TYPE.qtst, pki.tsa.certDer, [{ status: GRANTED, from: longAgo }]),
    );
    const doc = await verifyDocument(
      'form.pdf',
      pdf,
      createVerifyContext({ trust, fetcher: createHttpFetcher({ timeoutMs: 3_000 }) }),
    );
    expect(doc.signatures[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      qualification: 'QESig',
      level: 'B-T',
    });
    expect(doc.signatures[0]?.timestamps[0]).toMatchObject({ valid: true, qualified: true });
    expect(doc.accepted).toBe(true);
  });

  it('when the TSA service was withdrawn before the time-stamp, then the time-stamp proves nothing', async () => {
    const withdrawn = service(SERVICE_TYPE.qtst, pki.tsa.certDer, [
      { status: WITHDRAWN, from: new Date(Date.now() - 60_000) },
      { status: GRANTED, from: longAgo },
    ]);
    const doc = await verifyDocument(
      'form.pdf',
      pdf,
      createVerifyContext({
        trust: trustWith(withdrawn),
        fetcher: createHttpFetcher({ timeoutMs: 3_000 }),
      }),
    );
    expect(doc.signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_POE',
    });
    expect(doc.signatures[0]?.timestamps[0]?.valid).toBe(false);
    expect(doc.accepted).toBe(false);
  });

  it('a TSA service does not anchor a signer', async () => {
    // The qualified CA listed only as a TSA service: the signer has no usable anchor.
    const wrongType: TrustedList = {
      name: 'test-TL',
      services: [
        service(SERVICE_TYPE.qtst, pki.cas.qualifiedCa.certDer, [
          { status: GRANTED, from: longAgo },
        ]),
      ],
      signerCertificates: [],
    };
    const doc = await verifyDocument(
      'form.pdf',
      pdf,
      createVerifyContext({
        trust: new TrustStore([], [wrongType]),
        fetcher: createHttpFetcher({ timeoutMs: 3_000 }),
      }),
    );
    expect(doc.signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_POE',
    });
    expect(doc.signatures[0]?.trustAnchor).toBeNull();
  });
});
