import * as asn1js from 'asn1js';
import { toArrayBuffer } from './pem.js';

/** id-ct-TSTInfo: the content type of an RFC 3161 token's encapsulated content. */
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';

/**
 * The test TSA builds its SignedData with pkijs, whose EncapsulatedContentInfo always rewrites
 * the eContent OCTET STRING in the constructed (BER, 0x24) form. Real TSAs write it primitive
 * (DER), and edockit's TSTInfo parser reads only that form ("Data does not match to TSTInfo ASN1
 * schema"). The TSA's signature covers the signed attributes, whose messageDigest is over the
 * content octets, not their segmentation, so re-encoding the OCTET STRING primitive keeps the
 * token valid; the verifiers check that. A token already in DER is returned unchanged.
 */
export function withPrimitiveEncapsulatedContent(token: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(toArrayBuffer(token));
  if (parsed.offset === -1) throw new Error(`the TSA token is not BER: ${parsed.result.error}`);
  const signedData = childOf(childOf(parsed.result, 1), 0);
  const encapsulated = childOf(signedData, 2);
  const contentType = childOf(encapsulated, 0);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.getValue() !== OID_TST_INFO)
    throw new Error('the TSA token does not encapsulate a TSTInfo');
  const explicit = childOf(encapsulated, 1) as asn1js.Constructed;
  const octets = childOf(explicit, 0);
  if (!(octets instanceof asn1js.OctetString) || !octets.idBlock.isConstructed) return token;
  const segments = octets.valueBlock.value.map((segment) => {
    if (!(segment instanceof asn1js.OctetString) || segment.idBlock.isConstructed)
      throw new Error('nested constructed OCTET STRING in the TSA token');
    return segment.valueBlock.valueHexView;
  });
  explicit.valueBlock.value[0] = new asn1js.OctetString({
    valueHex: toArrayBuffer(Buffer.concat(segments)),
  });
  return new Uint8Array(parsed.result.toBER());
}

function childOf(node: asn1js.AsnType, index: number): asn1js.AsnType {
  const value: unknown = (node as asn1js.Constructed).valueBlock?.value;
  const child = Array.isArray(value) ? (value[index] as asn1js.AsnType | undefined) : undefined;
  if (!child) throw new Error(`unexpected TSA token structure (no element ${index})`);
  return child;
}
