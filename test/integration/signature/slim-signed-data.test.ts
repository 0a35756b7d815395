import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestPki,
  makeSignedPdf,
  readLastPdfSignature,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  type TestPki,
} from '../../../scripts/pki/index.js';
import { oidOf, slimSignedData } from '../../../src/signature/cms/slim-signed-data.js';
import { makeBasePdf } from '../../../bench/fixtures.js';

/**
 * The CMS a PAdES signer writes, with its certificates and time-stamp token cut out before the
 * general decoder: what is cut out must be exactly what pkijs would have read, and the rest must
 * decode to the same SignedData.
 */
let pki: TestPki;
let server: PkiServer;
let cms: Uint8Array;

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'slim-signed-data' });
  server = await startPkiServer(pki);
  const pdf = await makeSignedPdf({
    pdf: await makeBasePdf(1000),
    signer: pki.signers.valid,
    chain: pki.signers.valid.chainPem,
    timestamp: { tsaUrl: server.tsaUrl },
  });
  cms = readLastPdfSignature(pdf).cms;
}, 120_000);
afterAll(async () => server?.close());

const hex = (b: ArrayBuffer | Uint8Array) =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

function signedDataOf(der: Uint8Array): pkijs.SignedData {
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(der).result });
  return new pkijs.SignedData({ schema: info.content });
}

describe('slimSignedData', () => {
  it('takes out exactly the certificates and unsigned attributes, and leaves the same SignedData', () => {
    const slim = slimSignedData(cms);
    expect(slim).toBeDefined();
    const full = signedDataOf(cms);
    expect(slim?.certificates.map(hex)).toEqual(
      (full.certificates ?? []).map((c) => hex((c as pkijs.Certificate).toSchema().toBER())),
    );
    const unsigned = full.signerInfos[0]?.unsignedAttrs?.attributes ?? [];
    expect(unsigned.length).toBeGreaterThan(0);
    expect(slim?.unsignedAttributes).toEqual(
      unsigned.map((a) => ({
        type: a.type,
        values: a.values.map((v) => new Uint8Array((v as asn1js.BaseBlock).valueBeforeDecodeView)),
      })),
    );
    const reduced = signedDataOf(slim?.der ?? new Uint8Array());
    expect(reduced.certificates).toBeUndefined();
    expect(reduced.signerInfos[0]?.unsignedAttrs).toBeUndefined();
    const signer = full.signerInfos[0];
    const slimSigner = reduced.signerInfos[0];
    expect(hex(slimSigner?.signature.valueBlock.valueHexView ?? new Uint8Array())).toBe(
      hex(signer?.signature.valueBlock.valueHexView ?? new Uint8Array()),
    );
    expect(hex(slimSigner?.signedAttrs?.encodedValue ?? new ArrayBuffer(0))).toBe(
      hex(signer?.signedAttrs?.encodedValue ?? new ArrayBuffer(0)),
    );
  });

  it('gives up (so the general decoder reads it) on trailing bytes, indefinite lengths or another shape', () => {
    expect(slimSignedData(Buffer.concat([cms, Buffer.from([0])]))).toBeUndefined();
    const indefinite = Buffer.from(cms);
    indefinite[1] = 0x80;
    expect(slimSignedData(indefinite)).toBeUndefined();
    expect(slimSignedData(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]))).toBeUndefined();
    expect(slimSignedData(cms.subarray(0, cms.length - 1))).toBeUndefined();
  });

  it('reads object identifiers, including large first arcs and multi-byte arcs', () => {
    expect(oidOf(Buffer.from('2a864886f70d010702', 'hex'))).toBe('1.2.840.113549.1.7.2');
    expect(oidOf(Buffer.from('8837', 'hex'))).toBe('2.999');
    expect(oidOf(Buffer.from('2a86', 'hex'))).toBeUndefined();
    expect(oidOf(Buffer.from('2a8001', 'hex'))).toBeUndefined();
  });
});
