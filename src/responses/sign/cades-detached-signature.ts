import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AppError } from '../../errors/index.js';
import { verifySignatureValue } from '../../signature/crypto/algorithms.js';
import { CMS_OID } from './cms-oids.js';
import { encodeSignedData } from './cms-signed-data.js';
import {
  assembleSignerInfo,
  attribute,
  contentAttributes,
  encodeSignedAttributes,
  parseCertificateDer,
  signingCertificateV2Attribute,
} from './cms-signer-info.js';
import {
  SEAL_DIGEST,
  SEAL_DIGEST_OID,
  SIGNATURE_ALGORITHM_OID,
  signatureAlgorithmIdentifier,
} from './signature-algorithm.js';
import type { Signer } from './signer.js';
import type { TimestampAuthority } from './timestamp-authority.js';
import { toArrayBuffer } from './to-array-buffer.js';

export interface CadesRequest {
  /** The signed bytes in order (a PDF's two ByteRange pieces). */
  content: readonly Uint8Array[];
  signer: Signer;
  /** With a TSA the signature is CAdES-T (PAdES B-T), without it CAdES-B (B-B). */
  tsa?: TimestampAuthority | undefined;
}

/**
 * A detached CMS SignedData as PAdES baseline wants it (ETSI EN 319 142-1 §6.3): signed
 * attributes content-type, message-digest and signing-certificate-v2 only — no signing-time,
 * the time is the PDF's /M — all SHA-256, and optionally id-aa-signatureTimeStampToken over the
 * signature value as unsigned attribute. Returns DER.
 */
export async function createCadesDetachedSignature(request: CadesRequest): Promise<Uint8Array> {
  const { signer } = request;
  const hash = createHash(SEAL_DIGEST);
  for (const piece of request.content) hash.update(piece);
  const certificate = parseCertificateDer(signer.certificate);
  const signedAttributes = encodeSignedAttributes([
    ...contentAttributes(CMS_OID.data, hash.digest()),
    signingCertificateV2Attribute(certificate, SEAL_DIGEST),
  ]);

  const signature = await signer.sign(signedAttributes.der);
  // A wrong key behind the port (an HSM slot mix-up) would otherwise go out as a broken seal.
  const verifies = verifySignatureValue({
    algorithmOid: SIGNATURE_ALGORITHM_OID[signer.signatureAlgorithm],
    digestOid: SEAL_DIGEST_OID,
    spki: new X509Certificate(signer.certificate).publicKey,
    data: signedAttributes.der,
    signature,
  });
  if (!verifies) {
    throw new AppError(
      'SEAL_FAILED',
      "the signer's signature does not verify with its own certificate: key and certificate do not match",
    );
  }

  const unsignedAttributes = [];
  if (request.tsa) {
    const token = await request.tsa.timestamp(
      new Uint8Array(createHash(SEAL_DIGEST).update(signature).digest()),
    );
    const parsed = asn1js.fromBER(toArrayBuffer(token));
    // asn1js writes a parsed element back from its fields; the TSA's signature survives that
    // only if the token was DER to begin with, so a token that would change is refused here.
    if (
      parsed.offset !== token.length ||
      !Buffer.from(parsed.result.toBER(false)).equals(Buffer.from(token))
    ) {
      throw new AppError(
        'SEAL_TSA_FAILED',
        'the time-stamp token is not a single DER object and cannot be embedded unchanged',
      );
    }
    unsignedAttributes.push(attribute(CMS_OID.signatureTimeStampToken, parsed.result));
  }

  return encodeSignedData({
    eContentType: CMS_OID.data,
    digest: SEAL_DIGEST,
    signerInfo: assembleSignerInfo({
      certificate,
      digest: SEAL_DIGEST,
      signedAttributes,
      signatureAlgorithm: signatureAlgorithmIdentifier(signer.signatureAlgorithm),
      signature,
      unsignedAttributes,
    }),
    certificates: [certificate, ...signer.chain.map(parseCertificateDer)],
  });
}
