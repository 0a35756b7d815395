/**
 * The test PKI in one import: build it, serve it, sign with it.
 *
 *   const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: 'my-test-file' });
 *   const server = await startPkiServer(pki);
 *   const pdf = await makeSignedPdf({ signer: pki.signers.valid, chain: pki.signers.valid.chainPem,
 *     timestamp: { tsaUrl: server.tsaUrl } });
 */
export { buildTestPki, loadTestPki, TEST_PKI_CACHE_DIR } from './build-test-pki.js';
export type { BuildTestPkiOptions } from './build-test-pki.js';
export { startPkiServer } from './pki-server.js';
export type { PkiServer, PkiServerOptions } from './pki-server.js';
export { signCmsDetached } from './sign-cms.js';
export type { SignCmsDetachedOptions } from './sign-cms.js';
export { requestTimestampToken } from './request-timestamp.js';
export {
  DEFAULT_PDF_TITLE,
  makeDefaultPdf,
  makeSignedPdf,
  makeSignedPdfWithOpenssl,
} from './make-pades.js';
export type { MakeSignedPdfOptions } from './make-pades.js';
export { readLastPdfSignature } from './read-pdf-signature.js';
export { makeSignedAsice, makeXadesSignatures, packAsice, ASIC_E_MIMETYPE } from './make-asice.js';
export type { AsiceDataFile, AsiceSigner, MakeSignedAsiceOptions } from './make-asice.js';
export { CMS_OID } from './cms-signer-info.js';
export { QC_OID, QC_STATEMENTS_EXTENSION_OID } from './qc-statements.js';
export { TEST_POLICY_OID } from './certificate-profiles.js';
export * from './test-pki-types.js';
export { exportPkcs12 } from './export-pkcs12.js';
