import { children, DerError, readTlv, TAG_ENUMERATED, TAG_SEQUENCE } from './der.js';
import type { OcspForm } from './types.js';

/**
 * XAdES says EncapsulatedOCSPValue is an OCSPResponse, but many signers store only the
 * BasicOCSPResponse. The first element tells them apart: OCSPResponse starts with the
 * responseStatus ENUMERATED, BasicOCSPResponse with the tbsResponseData SEQUENCE.
 */
export function ocspForm(der: Uint8Array): OcspForm {
  try {
    const outer = readTlv(der);
    const first = outer.tag === TAG_SEQUENCE ? children(outer.content)[0] : undefined;
    if (first?.tag === TAG_ENUMERATED) return 'OCSPResponse';
    if (first?.tag === TAG_SEQUENCE) return 'BasicOCSPResponse';
    return 'unknown';
  } catch (error) {
    if (error instanceof DerError) return 'unknown';
    throw error;
  }
}
