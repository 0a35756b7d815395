/** PEM armour for DER objects: one implementation, the production one in src. */
export { derToPem, pemBlocksToDer, pemToDer } from '../../src/responses/sign/pem.js';
export { toArrayBuffer } from '../../src/responses/sign/to-array-buffer.js';
