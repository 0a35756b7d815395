import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_OIDS, verifySignatureValue } from '../crypto/algorithms.js';
import { bytesOf, childrenOf, parseDer, rawOf, toHex } from '../x509/asn1.js';
import { OID, parseCertificate, type Certificate } from '../x509/certificate.js';
import { parsePssParameters } from '../x509/pss.js';

export interface OcspSingle {
  issuerNameHash: string;
  issuerKeyHash: string;
  hashOid: string;
  serialHex: string;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface OcspResponseData {
  der: Uint8Array;
  producedAt: Date;
  responses: OcspSingle[];
  certificates: Certificate[];
  responderKeyHash?: string;
  responderNameDer?: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithmOid: string;
  signature: Uint8Array;
  signatureParams: unknown;
}

/** Accepts an OCSPResponse (with status and type) or a bare BasicOCSPResponse, as LT data carries either. */
export function parseOcsp(der: Uint8Array): OcspResponseData {
  let basicAsn: asn1js.AsnType = parseDer(der, 'OCSP response');
  const top = childrenOf(basicAsn);
  if (top[0] instanceof asn1js.Enumerated) {
    const response = new pkijs.OCSPResponse({ schema: basicAsn });
    if (response.responseStatus.valueBlock.valueDec !== 0 || !response.responseBytes)
      throw new Error(
        `OCSP responder answered status ${response.responseStatus.valueBlock.valueDec}`,
      );
    basicAsn = parseDer(
      bytesOf(response.responseBytes.response.valueBlock.valueHexView),
      'BasicOCSPResponse',
    );
  }
  const basic = new pkijs.BasicOCSPResponse({ schema: basicAsn });
  const [tbsEl] = childrenOf(basicAsn);
  if (!tbsEl) throw new Error('BasicOCSPResponse without tbsResponseData');
  const data: OcspResponseData = {
    der: bytesOf(basicAsn.toBER()),
    producedAt: basic.tbsResponseData.producedAt,
    responses: basic.tbsResponseData.responses.map((r) => {
      const status = r.certStatus as asn1js.BaseBlock;
      const tag = status.idBlock.tagNumber;
      const single: OcspSingle = {
        issuerNameHash: toHex(r.certID.issuerNameHash.valueBlock.valueHexView),
        issuerKeyHash: toHex(r.certID.issuerKeyHash.valueBlock.valueHexView),
        hashOid: r.certID.hashAlgorithm.algorithmId,
        serialHex: toHex(r.certID.serialNumber.valueBlock.valueHexView).replace(/^(00)+(?=.)/, ''),
        status: tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown',
        thisUpdate: r.thisUpdate,
      };
      if (r.nextUpdate) single.nextUpdate = r.nextUpdate;
      if (tag === 1) {
        // [1] IMPLICIT RevokedInfo: its first element is the universal GeneralizedTime.
        const time = childrenOf(status)[0];
        if (time instanceof asn1js.GeneralizedTime) single.revocationTime = time.toDate();
      }
      return single;
    }),
    certificates: (basic.certs ?? []).flatMap((c) => {
      try {
        return [parseCertificate(bytesOf(c.toSchema().toBER()))];
      } catch {
        return [];
      }
    }),
    tbs: rawOf(tbsEl),
    signatureAlgorithmOid: basic.signatureAlgorithm.algorithmId,
    signature: bytesOf(basic.signature.valueBlock.valueHexView),
    signatureParams: basic.signatureAlgorithm.algorithmParams,
  };
  const responderId = basic.tbsResponseData.responderID as unknown;
  if (responderId instanceof asn1js.OctetString)
    data.responderKeyHash = toHex(responderId.valueBlock.valueHexView);
  else if (responderId instanceof pkijs.RelativeDistinguishedNames)
    data.responderNameDer = bytesOf(responderId.toSchema().toBER());
  return data;
}

/** The key hash of a certificate as OCSP uses it: SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyHash(cert: Certificate, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  const spki = parseDer(cert.spki, 'spki');
  const bits = childrenOf(spki)[1] as asn1js.BitString | undefined;
  return createHash(algorithm)
    .update(bits ? bytesOf(bits.valueBlock.valueHexView) : new Uint8Array())
    .digest('hex');
}

/** The single response about `cert` (issued by `issuer`), if this OCSP response has one. */
export function findSingle(
  data: OcspResponseData,
  cert: Certificate,
  issuer: Certificate,
): OcspSingle | undefined {
  return data.responses.find((r) => {
    const hash = DIGEST_OIDS[r.hashOid];
    if (!hash || r.serialHex !== cert.serialHex) return false;
    const nameHash = createHash(hash).update(issuer.subjectDer).digest('hex');
    return (
      nameHash === r.issuerNameHash &&
      keyHash(issuer, hash === 'sha1' ? 'sha1' : 'sha256') === r.issuerKeyHash
    );
  });
}

/**
 * Finds who signed the response and checks they were entitled to: the issuing CA itself, or a
 * responder certificate issued by that CA for OCSP signing (RFC 6960 §4.2.2.2).
 */
export function verifyOcspSignature(
  data: OcspResponseData,
  issuer: Certificate,
): { ok: boolean; responder?: Certificate; detail: string } {
  const candidates = [issuer, ...data.certificates];
  const responder = candidates.find((c) =>
    data.responderKeyHash !== undefined
      ? keyHash(c) === data.responderKeyHash
      : data.responderNameDer !== undefined && namesEqual(c.subjectDer, data.responderNameDer),
  );
  if (!responder) return { ok: false, detail: "the OCSP responder's certificate is not available" };
  const produced = data.producedAt.getTime();
  if (produced < responder.notBefore.getTime() || produced > responder.notAfter.getTime()) {
    return {
      ok: false,
      responder,
      detail: `the OCSP responder's certificate ${responder.subject} was not valid when the response was produced (${data.producedAt.toISOString()})`,
    };
  }
  const signatureOk = safeVerify(
    responder,
    data.tbs,
    data.signature,
    data.signatureAlgorithmOid,
    data.signatureParams,
  );
  if (!signatureOk)
    return { ok: false, responder, detail: 'the OCSP response signature does not verify' };
  if (responder.id === issuer.id)
    return { ok: true, responder, detail: 'signed by the issuing CA' };
  const delegated =
    namesEqual(responder.issuerDer, issuer.subjectDer) &&
    responder.extendedKeyUsage.includes(OID.ekuOcspSigning) &&
    safeVerify(
      issuer,
      responder.tbs,
      responder.signatureValue,
      responder.signatureAlgorithmOid,
      undefined,
      responder,
    );
  return delegated
    ? {
        ok: true,
        responder,
        detail: `signed by ${responder.subject}, authorised by the issuing CA`,
      }
    : {
        ok: false,
        responder,
        detail: `the OCSP responder ${responder.subject} is not authorised by the certificate's issuer`,
      };
}

function namesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a).equals(Buffer.from(b))) return true;
  try {
    return new pkijs.RelativeDistinguishedNames({ schema: parseDer(a, 'name') }).isEqual(
      new pkijs.RelativeDistinguishedNames({ schema: parseDer(b, 'name') }),
    );
  } catch {
    return false;
  }
}

function safeVerify(
  signer: Certificate,
  data: Uint8Array,
  signature: Uint8Array,
  algorithmOid: string,
  params: unknown,
  subject?: Certificate,
): boolean {
  try {
    const pss =
      algorithmOid === '1.2.840.113549.1.1.10'
        ? (subject?.signaturePss ?? parsePssParameters(params))
        : undefined;
    return verifySignatureValue({ algorithmOid, pss, spki: signer.publicKey, data, signature });
  } catch {
    return false;
  }
}

/** A DER OCSPRequest for one certificate (SHA-1 CertID, as every responder understands it). */
export function buildOcspRequest(cert: Certificate, issuer: Certificate): Uint8Array {
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [
    new pkijs.Request({
      reqCert: new pkijs.CertID({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({
          algorithmId: '1.3.14.3.2.26',
          algorithmParams: new asn1js.Null(),
        }),
        issuerNameHash: new asn1js.OctetString({
          valueHex: createHash('sha1').update(issuer.subjectDer).digest(),
        }),
        issuerKeyHash: new asn1js.OctetString({ valueHex: Buffer.from(keyHash(issuer), 'hex') }),
        serialNumber: new asn1js.Integer({
          valueHex: Buffer.from(
            cert.serialHex.length % 2 ? `0${cert.serialHex}` : cert.serialHex,
            'hex',
          ),
        }),
      }),
    }),
  ];
  return bytesOf(request.toSchema(true).toBER());
}
