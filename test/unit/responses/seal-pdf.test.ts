import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, PDFSignature, type PDFDict } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../../src/errors/index.js';
import { ATTR } from '../../../src/signature/cms/attributes.js';
import { verifyCms } from '../../../src/signature/cms/verify-cms.js';
import { analysePdf, type PdfSignature } from '../../../src/signature/pades/analyse-pdf.js';
import { verifyTimestampToken } from '../../../src/signature/timestamp/verify-timestamp.js';
import {
  DEFAULT_SEAL_FIELD_NAME,
  pemSigner,
  sealPdf,
  type Signer,
} from '../../../src/responses/sign/index.js';
import { fakeTimestampAuthority } from './support/fake-tsa.js';
import { makeAcceptanceActPdf, makeLetterPdf } from './support/pdfs.js';
import { makeSealChain, makeTsaCredential, type Throwaway } from './support/throwaway-pki.js';

let chain: { root: Throwaway; ca: Throwaway; seal: Throwaway };
let tsa: Throwaway;
let signer: Signer;
const signingTime = new Date();

beforeAll(() => {
  chain = makeSealChain();
  tsa = makeTsaCredential();
  signer = pemSigner(chain.seal.certPem, chain.seal.keyPem, chain.ca.certPem);
});

/** The one signature analysePdf finds, with its CMS checked over the ByteRange bytes. */
function onlySignature(pdf: Uint8Array): {
  signature: PdfSignature;
  cms: ReturnType<typeof verifyCms>;
} {
  const analysis = analysePdf(pdf);
  expect(analysis.problems.filter((p) => p.status === 'failed')).toEqual([]);
  expect(analysis.signatures).toHaveLength(1);
  const signature = analysis.signatures[0] as PdfSignature;
  const cms = verifyCms(signature.contents, {
    kind: 'detached',
    digest: (algorithm) => {
      const hash = createHash(algorithm);
      for (const [start, end] of signature.ranges) hash.update(pdf.subarray(start, end));
      return hash.digest();
    },
  });
  return { signature, cms };
}

function signedAttributeTypes(contents: Uint8Array): string[] {
  const signedData = new pkijs.SignedData({
    schema: pkijs.ContentInfo.fromBER(new Uint8Array(contents).buffer).content,
  });
  return (signedData.signerInfos[0]?.signedAttrs?.attributes ?? []).map((a) => a.type);
}

async function sealFails(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toMatch(message);
}

describe('sealing a letter (PAdES baseline)', () => {
  it('when a letter is sealed with a time-stamp, then it carries one B-T signature over the whole file', async () => {
    const letter = await makeLetterPdf();
    const timestamps = fakeTimestampAuthority(tsa);

    const sealed = await sealPdf(letter, {
      signer,
      tsa: timestamps,
      signingTime,
      reason: 'Atbilde uz iesniegumu',
      location: 'Rīga',
      name: 'Valsts aģentūra',
    });

    // An incremental update: the letter's bytes are untouched.
    expect(Buffer.from(sealed.subarray(0, letter.length))).toEqual(Buffer.from(letter));
    const { signature, cms } = onlySignature(sealed);
    expect(signature).toMatchObject({
      fieldName: DEFAULT_SEAL_FIELD_NAME,
      kind: 'signature',
      subFilter: 'ETSI.CAdES.detached',
      reachable: true,
      coverageVerdict: 'whole-document',
      reason: 'Atbilde uz iesniegumu',
      location: 'Rīga',
      name: 'Valsts aģentūra',
    });
    expect(signature.byteRange[0]).toBe(0);
    expect((signature.byteRange[2] ?? 0) + (signature.byteRange[3] ?? 0)).toBe(sealed.length);
    expect(
      Math.abs((signature.claimedSigningTime?.getTime() ?? 0) - signingTime.getTime()),
    ).toBeLessThan(1000);

    expect(cms.ok, JSON.stringify(cms.checks)).toBe(true);
    expect(cms).toMatchObject({ digest: 'sha256', signingCertificateBinding: 'v2' });
    expect(cms.claimedSigningTime).toBeUndefined();
    expect(signedAttributeTypes(signature.contents).sort()).toEqual(
      [ATTR.contentType, ATTR.messageDigest, ATTR.signingCertificateV2].sort(),
    );
    expect(cms.certificates.map((c) => c.subject)).toEqual([
      expect.stringContaining('Throwaway Agency Seal'),
      expect.stringContaining('Throwaway Issuing CA'),
    ]);

    // The time-stamp is over the signature value, as CAdES-T wants.
    const signatureValue = cms.signatureValue as Uint8Array;
    expect(timestamps.imprints).toEqual([
      new Uint8Array(createHash('sha256').update(signatureValue).digest()),
    ]);
    expect(cms.signatureTimestampTokens).toHaveLength(1);
    const token = verifyTimestampToken(
      cms.signatureTimestampTokens[0] as Uint8Array,
      signatureValue,
    );
    expect(token.ok, JSON.stringify(token.checks)).toBe(true);
  });

  it('when no TSA is given, then the seal is B-B: no unsigned time-stamp', async () => {
    const sealed = await sealPdf(await makeLetterPdf({ useObjectStreams: true }), {
      signer,
      signingTime,
    });
    const { signature, cms } = onlySignature(sealed);
    expect(cms.ok).toBe(true);
    expect(cms.signatureTimestampTokens).toEqual([]);
    expect(signature.coverageVerdict).toBe('whole-document');
  });

  it('when the agency key is ECDSA P-256, then the seal is ecdsa-with-SHA256 and verifies', async () => {
    const ec = makeSealChain('ec');
    const ecSigner = pemSigner(ec.seal.certPem, ec.seal.keyPem, ec.ca.certPem);
    expect(ecSigner.signatureAlgorithm).toBe('ecdsa-sha256');
    const { cms } = onlySignature(
      await sealPdf(await makeLetterPdf(), {
        signer: ecSigner,
        tsa: fakeTimestampAuthority(tsa),
        signingTime,
      }),
    );
    expect(cms.ok, JSON.stringify(cms.checks)).toBe(true);
    expect(cms.signatureAlgorithmOid).toBe('1.2.840.10045.4.3.2');
  });
});

describe('sealing the acceptance act into its agencySignature field', () => {
  async function fieldsOf(pdf: Uint8Array): Promise<Map<string, PDFDict>> {
    const doc = await PDFDocument.load(pdf);
    const byName = new Map<string, PDFDict>();
    for (const field of doc.getForm().getFields()) {
      expect(byName.has(field.getName()), `field ${field.getName()} appears twice`).toBe(false);
      byName.set(field.getName(), field.acroField.dict);
    }
    return byName;
  }

  it('when the act is sealed with fieldName agencySignature, then that field is signed and no field is added', async () => {
    const act = await makeAcceptanceActPdf();
    const before = await fieldsOf(act);

    const sealed = await sealPdf(act, {
      signer,
      tsa: fakeTimestampAuthority(tsa),
      signingTime,
      fieldName: 'agencySignature',
    });

    const { signature, cms } = onlySignature(sealed);
    expect(cms.ok).toBe(true);
    expect(signature).toMatchObject({
      fieldName: 'agencySignature',
      coverageVerdict: 'whole-document',
    });
    const after = await fieldsOf(sealed);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(after.get('agencySignature')?.has(PDFName.of('V'))).toBe(true);
    // The institution's field stays empty for the institution's own tool.
    expect(after.get('institutionSignature')?.has(PDFName.of('V'))).toBe(false);
    const doc = await PDFDocument.load(sealed);
    expect(doc.getForm().getField('agencySignature')).toBeInstanceOf(PDFSignature);
  });

  it('when the institution later signs its field, then both signatures are found and the seal sees only permitted changes', async () => {
    const sealed = await sealPdf(await makeAcceptanceActPdf(), {
      signer,
      signingTime,
      fieldName: 'agencySignature',
    });
    const institution = makeSealChain();
    const both = await sealPdf(sealed, {
      signer: pemSigner(institution.seal.certPem, institution.seal.keyPem),
      signingTime,
      fieldName: 'institutionSignature',
    });
    const analysis = analysePdf(both);
    expect(analysis.signatures.map((s) => [s.fieldName, s.coverageVerdict])).toEqual([
      ['agencySignature', 'permitted-changes-only'],
      ['institutionSignature', 'whole-document'],
    ]);
  });

  it('when the named field is already signed, then sealing refuses with SEAL_FAILED', async () => {
    const sealed = await sealPdf(await makeAcceptanceActPdf(), {
      signer,
      signingTime,
      fieldName: 'agencySignature',
    });
    await sealFails(
      sealPdf(sealed, { signer, signingTime, fieldName: 'agencySignature' }),
      'SEAL_FAILED',
      /"agencySignature" is already signed/,
    );
  });

  it('when the named field is not a signature field, then sealing refuses with SEAL_FAILED', async () => {
    await sealFails(
      sealPdf(await makeAcceptanceActPdf(), { signer, signingTime, fieldName: 'caseNumber' }),
      'SEAL_FAILED',
      /"caseNumber" is not a signature field/,
    );
  });
});

describe('sealing refuses what would give a broken seal', () => {
  it('when the key does not belong to the certificate, then pemSigner refuses with SEAL_FAILED', async () => {
    const other = makeSealChain();
    await sealFails(
      Promise.resolve().then(() => pemSigner(chain.seal.certPem, other.seal.keyPem)),
      'SEAL_FAILED',
      /does not belong to the certificate/,
    );
  });

  it('when the signing time is after the certificate expired, then SEAL_FAILED names the validity', async () => {
    const later = new Date(chain.seal.notAfter.getTime() + 24 * 60 * 60 * 1000);
    await sealFails(
      sealPdf(await makeLetterPdf(), { signer, signingTime: later }),
      'SEAL_FAILED',
      /the seal certificate is valid from .* not at/,
    );
  });

  it('when the signer port returns a signature that does not verify, then nothing is embedded', async () => {
    const broken: Signer = { ...signer, sign: async () => new Uint8Array(256) };
    await sealFails(
      sealPdf(await makeLetterPdf(), { signer: broken, signingTime }),
      'SEAL_FAILED',
      /does not verify with its own certificate/,
    );
  });

  it('when the TSA fails, then the SEAL_TSA_FAILED error comes through unchanged so the job retries', async () => {
    const failing = {
      timestamp: (): Promise<Uint8Array> =>
        Promise.reject(new AppError('SEAL_TSA_FAILED', 'the time-stamping authority is down')),
    };
    await sealFails(
      sealPdf(await makeLetterPdf(), { signer, tsa: failing, signingTime }),
      'SEAL_TSA_FAILED',
      /is down/,
    );
  });

  it('when the input is not a PDF, then SEAL_FAILED says it cannot be read', async () => {
    await sealFails(
      sealPdf(new TextEncoder().encode('not a pdf'), { signer, signingTime }),
      'SEAL_FAILED',
      /cannot be read/,
    );
  });
});
