import {
  embedSignature,
  prepareSignaturePlaceholder,
} from '../../../../scripts/pki/pdf-signature-placeholder.js';

/**
 * A DER SEQUENCE { INTEGER 1 }: where a real signer writes its CMS. The form reader never checks
 * signatures (the verifier does), it only needs to know which bytes a signature covers.
 */
const DUMMY_CMS = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);

/** Appends a signature field and a /Sig dictionary covering the whole file, as a signing app does. */
export async function signWithDummyCms(
  pdf: Uint8Array,
  fieldName = 'Signature1',
): Promise<Uint8Array> {
  const prepared = await prepareSignaturePlaceholder(pdf, {
    fieldName,
    subFilter: 'ETSI.CAdES.detached',
    signingTime: new Date('2026-03-02T10:00:00Z'),
    contentsSize: 64,
  });
  return embedSignature(prepared, DUMMY_CMS);
}
