/** The agency's PAdES seal: a Signer port with its PKCS#12 and PEM implementations, an RFC 3161 client, sealPdf. */
export type { SignatureAlgorithmName, Signer } from './signer.js';
export { pkcs12Signer } from './pkcs12-signer.js';
export { pemSigner } from './pem-signer.js';
export { pkcs11Signer, type Pkcs11SignerOptions } from './pkcs11-signer.js';
export type { HttpPost, TimestampAuthority } from './timestamp-authority.js';
export { httpTimestampAuthority, TSA_TIMEOUT_MS } from './http-timestamp-authority.js';
export {
  sealPdf,
  DEFAULT_SEAL_FIELD_NAME,
  SEAL_CONTENTS_BYTES,
  type SealOptions,
} from './seal-pdf.js';
export { derToPem, pemBlocksToDer, pemToDer } from './pem.js';
export { addValidationData, type ValidationDataOptions } from './add-dss.js';
