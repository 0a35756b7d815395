import { createHash, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyCms } from '../../../src/signature/cms/verify-cms.js';
import {
  buildTestPki,
  signCmsDetached,
  TEST_PKI_CACHE_DIR,
  type TestPki,
} from '../../../scripts/pki/index.js';

/**
 * The signing-certificate-v2 attribute binds the signature to one certificate. A signature whose
 * attribute names another certificate (re-signed so that the value itself verifies) must not be
 * attributed to the certificate that happens to carry the key.
 */
let pki: TestPki;
const content = new TextEncoder().encode('Iesniegums — ģērbšanās');
const digest = () => createHash('sha256').update(content).digest();

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'cms-signing-certificate' });
}, 120_000);

/** Rewrites the certHash inside signing-certificate-v2 and signs the attributes again with the signer's key. */
function rebindTo(cmsDer: Uint8Array, otherCertDer: Uint8Array, keyPem: string): Uint8Array {
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(cmsDer).result });
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signer = signedData.signerInfos[0];
  const attribute = signer?.signedAttrs?.attributes.find(
    (a) => a.type === '1.2.840.113549.1.9.16.2.47',
  );
  if (!signer?.signedAttrs || !attribute) throw new Error('fixture has no signing-certificate-v2');
  const essCertId = (
    (attribute.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence
  ).valueBlock.value[0] as asn1js.Sequence;
  const hash = essCertId.valueBlock.value.find(
    (v): v is asn1js.OctetString => v instanceof asn1js.OctetString,
  );
  if (!hash) throw new Error('no certHash');
  hash.valueBlock.valueHexView = new Uint8Array(createHash('sha256').update(otherCertDer).digest());
  const attrsDer = new Uint8Array(
    new asn1js.Set({ value: signer.signedAttrs.attributes.map((a) => a.toSchema()) }).toBER(),
  );
  signer.signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: signer.signedAttrs.attributes,
  });
  signer.signature = new asn1js.OctetString({ valueHex: sign('sha256', attrsDer, keyPem) });
  return new Uint8Array(
    new pkijs.ContentInfo({ contentType: info.contentType, content: signedData.toSchema(true) })
      .toSchema()
      .toBER(),
  );
}

describe('CMS signing-certificate binding', () => {
  it("when the attribute names the signer's certificate, then the binding passes", async () => {
    const cms = await signCmsDetached({
      content,
      signer: pki.signers.valid,
      digest: 'sha256',
      addSigningCertificateV2: true,
    });
    const result = verifyCms(cms, { kind: 'detached', digest });
    expect(result.ok).toBe(true);
    expect(result.signingCertificateBinding).toBe('v2');
  });

  it('when the attribute names another certificate, then the signature is INDETERMINATE / NO_SIGNING_CERTIFICATE_FOUND', async () => {
    const cms = await signCmsDetached({
      content,
      signer: pki.signers.valid,
      digest: 'sha256',
      addSigningCertificateV2: true,
    });
    const rebound = rebindTo(cms, pki.signers.ecdsa.certDer, pki.signers.valid.keyPem);
    const result = verifyCms(rebound, { kind: 'detached', digest });
    expect(result.checks.find((c) => c.name === 'cms.signature-value')?.status).toBe('passed');
    expect(result.failure).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_SIGNING_CERTIFICATE_FOUND',
    });
    expect(result.ok).toBe(false);
  });

  it('when the content differs from what was signed, then it is TOTAL_FAILED / HASH_FAILURE', async () => {
    const cms = await signCmsDetached({
      content,
      signer: pki.signers.ecdsa,
      digest: 'sha256',
      addSigningCertificateV2: true,
    });
    const result = verifyCms(cms, {
      kind: 'detached',
      digest: () => createHash('sha256').update('something else').digest(),
    });
    expect(result.failure).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
  });
});
