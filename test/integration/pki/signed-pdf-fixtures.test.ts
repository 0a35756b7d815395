import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { PDFDocument } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestPki, TEST_PKI_CACHE_DIR } from '../../../scripts/pki/build-test-pki.js';
import { CMS_OID } from '../../../scripts/pki/cms-signer-info.js';
import {
  makeDefaultPdf,
  makeSignedPdf,
  makeSignedPdfWithOpenssl,
} from '../../../scripts/pki/make-pades.js';
import { toArrayBuffer } from '../../../scripts/pki/pem.js';
import { startPkiServer, type PkiServer } from '../../../scripts/pki/pki-server.js';
import { readLastPdfSignature } from '../../../scripts/pki/read-pdf-signature.js';
import { runOpenssl } from '../../../scripts/pki/run-openssl.js';
import type { TestPki } from '../../../scripts/pki/test-pki-types.js';

const INSTANCE = 'signed-pdf-fixtures-test';

let pki: TestPki;
let server: PkiServer;
let work: string;

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: INSTANCE });
  server = await startPkiServer(pki);
  work = await mkdtemp(join(tmpdir(), 'signed-pdf-test-'));
});

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

function signerInfoOf(cms: Uint8Array): pkijs.SignerInfo {
  const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
  const signerInfo = new pkijs.SignedData({ schema: contentInfo.content }).signerInfos[0];
  if (!signerInfo) throw new Error('no SignerInfo');
  return signerInfo;
}

function attributeValue(
  attributes: pkijs.SignedAndUnsignedAttributes | undefined,
  type: string,
): asn1js.BaseBlock | undefined {
  return attributes?.attributes.find((a) => a.type === type)?.values[0] as
    asn1js.BaseBlock | undefined;
}

/** `openssl cms -verify` of the PDF's CMS over its ByteRange bytes, against the test root. */
async function opensslVerifiesPdf(pdf: Uint8Array, name: string): Promise<string> {
  const { cms, signedBytes } = readLastPdfSignature(pdf);
  await writeFile(join(work, `${name}.p7s`), cms);
  await writeFile(join(work, `${name}.bin`), signedBytes);
  const { stderr } = await runOpenssl([
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    join(work, `${name}.p7s`),
    '-content',
    join(work, `${name}.bin`),
    '-CAfile',
    pki.trustAnchorsPath,
    // Signing certificates carry no emailProtection EKU; S/MIME purpose checks do not apply.
    '-purpose',
    'any',
    '-cades',
    '-out',
    '/dev/null',
  ]);
  return stderr;
}

async function pdfsig(pdf: Uint8Array, name: string): Promise<string | undefined> {
  const path = join(work, `${name}.pdf`);
  await writeFile(path, pdf);
  try {
    const { stdout } = await promisify(execFile)('pdfsig', [path]);
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // poppler not installed
    throw error;
  }
}

describe('signed PDF fixtures', () => {
  it('when the valid signer signs with a time-stamp, then messageDigest is the SHA-256 of the ByteRange bytes and openssl verifies it', async () => {
    const pdf = await makeSignedPdf({
      signer: pki.signers.valid,
      chain: pki.signers.valid.chainPem,
      timestamp: { tsaUrl: server.tsaUrl },
    });
    const { cms, signedBytes, byteRange } = readLastPdfSignature(pdf);
    expect(byteRange[0]).toBe(0);
    expect(byteRange[2] + byteRange[3]).toBe(pdf.length);

    const signerInfo = signerInfoOf(cms);
    const digest = attributeValue(signerInfo.signedAttrs, CMS_OID.messageDigest);
    expect(digest).toBeInstanceOf(asn1js.OctetString);
    expect(Buffer.from((digest as asn1js.OctetString).valueBlock.valueHexView)).toEqual(
      createHash('sha256').update(signedBytes).digest(),
    );
    expect(attributeValue(signerInfo.signedAttrs, CMS_OID.signingCertificateV2)).toBeDefined();
    // PAdES baseline: the claimed time is /M, not a CMS signing-time attribute.
    expect(attributeValue(signerInfo.signedAttrs, CMS_OID.signingTime)).toBeUndefined();

    expect(await opensslVerifiesPdf(pdf, 'valid')).toContain('Verification successful');

    // The signature time-stamp covers the SignatureValue, as CAdES-T requires.
    const token = attributeValue(signerInfo.unsignedAttrs, CMS_OID.signatureTimeStampToken);
    expect(token).toBeDefined();
    await writeFile(join(work, 'token.der'), new Uint8Array(token?.toBER(false) ?? []));
    await writeFile(join(work, 'signature.bin'), signerInfo.signature.valueBlock.valueHexView);
    const { stdout } = await runOpenssl([
      'ts',
      '-verify',
      '-data',
      join(work, 'signature.bin'),
      '-in',
      join(work, 'token.der'),
      '-token_in',
      '-CAfile',
      pki.trustAnchorsPath,
    ]);
    expect(stdout).toContain('Verification: OK');
    expect(server.requests.tsa).toBeGreaterThanOrEqual(1);

    const report = await pdfsig(pdf, 'valid');
    if (report !== undefined) {
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain('Total document signed');
      expect(report).toContain('ETSI.CAdES.detached');
    }
  });

  it('when an ECDSA and then an RSA-PSS seal sign the same PDF, then both CMS verify and the first no longer covers the whole file', async () => {
    const first = await makeSignedPdf({
      signer: pki.signers.ecdsa,
      chain: pki.signers.ecdsa.chainPem,
    });
    expect(await opensslVerifiesPdf(first, 'ecdsa')).toContain('Verification successful');
    const second = await makeSignedPdf({
      pdf: first,
      signer: pki.signers.agencySeal,
      chain: pki.signers.agencySeal.chainPem,
      pss: true,
      digest: 'sha384',
      fieldName: 'AgencySeal',
    });
    expect(Buffer.from(second.subarray(0, first.length))).toEqual(Buffer.from(first));
    expect(await opensslVerifiesPdf(second, 'seal-pss')).toContain('Verification successful');
    const report = await pdfsig(second, 'two-signatures');
    if (report !== undefined) {
      expect(report.match(/Signature is Valid\./g)).toHaveLength(2);
      expect(report).toContain('Not total document signed');
    }
  });

  it('when the original PDF uses an xref stream, then the update keeps the document readable', async () => {
    const withObjectStreams = await (await PDFDocument.load(await makeDefaultPdf())).save();
    const pdf = await makeSignedPdf({
      pdf: withObjectStreams,
      signer: pki.signers.valid,
      chain: pki.signers.valid.chainPem,
    });
    const reloaded = await PDFDocument.load(pdf);
    expect(reloaded.getPageCount()).toBe(1);
    expect(reloaded.getTitle()).toBe('Iesniegums — ģērbšanās');
    expect(await opensslVerifiesPdf(pdf, 'xref-stream')).toContain('Verification successful');
  });

  it('when openssl makes the CMS, then the same ByteRange bytes verify (interoperability fixture)', async () => {
    const pdf = await makeSignedPdfWithOpenssl({
      signer: pki.signers.valid,
      chain: pki.signers.valid.chainPem,
    });
    expect(await opensslVerifiesPdf(pdf, 'openssl')).toContain('Verification successful');
    const report = await pdfsig(pdf, 'openssl');
    if (report !== undefined) expect(report).toContain('Signature is Valid.');
  });
});
