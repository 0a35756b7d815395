import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CMS_OID } from './cms-oids.js';
import { digestAlgorithmIdentifier } from './cms-signer-info.js';
import type { SigningDigest } from './digest-algorithms.js';
import { toArrayBuffer } from './to-array-buffer.js';

export interface SignedDataRequest {
  eContentType: string;
  /** Absent for a detached signature. */
  eContent?: Uint8Array;
  digest: SigningDigest;
  signerInfo: pkijs.SignerInfo;
  /** The signer's certificate first, then whatever helps a verifier build the chain. */
  certificates: readonly pkijs.Certificate[];
}

/** DER ContentInfo wrapping the SignedData (RFC 5652 §5.1; version 3 for non-id-data content). */
export function encodeSignedData(request: SignedDataRequest): Uint8Array {
  const signedData = new pkijs.SignedData({
    version: request.eContentType === CMS_OID.data ? 1 : 3,
    digestAlgorithms: [digestAlgorithmIdentifier(request.digest)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: request.eContentType,
      ...(request.eContent
        ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(request.eContent) }) }
        : {}),
    }),
    signerInfos: [request.signerInfo],
    ...(request.certificates.length > 0 ? { certificates: [...request.certificates] } : {}),
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: CMS_OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
