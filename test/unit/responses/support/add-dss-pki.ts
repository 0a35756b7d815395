import { createHash, sign as nodeSign, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derToPem } from '../../../../src/responses/sign/pem.js';
import type { Fetcher } from '../../../../src/signature/revocation/fetcher.js';
import type { Throwaway } from './throwaway-pki.js';

/**
 * The revocation side of a throwaway PKI, in memory: certificates that name OCSP, CRL and
 * caIssuers URLs, OCSP answers and CRLs signed by their CA, and a Fetcher that serves them.
 */

const OID = {
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  crlDistributionPoints: '2.5.29.31',
  aiaOcsp: '1.3.6.1.5.5.7.48.1',
  aiaCaIssuers: '1.3.6.1.5.5.7.48.2',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;
const URI_NAME = 6;
const MINUTE_MS = 60 * 1000;

const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

export interface PublishedAt {
  ocsp?: string;
  caIssuers?: string;
  crl?: string;
}

function signatureAlgorithm(key: Throwaway['key']): pkijs.AlgorithmIdentifier {
  const rsa = key.asymmetricKeyType === 'rsa';
  return new pkijs.AlgorithmIdentifier({
    algorithmId: rsa ? OID.sha256WithRsa : OID.ecdsaWithSha256,
    ...(rsa ? { algorithmParams: new asn1js.Null() } : {}),
  });
}

/** The same certificate (key, subject, serial), re-issued with AIA and CRL distribution points. */
export function publishing(
  holder: Throwaway,
  issuer: Throwaway | undefined,
  urls: PublishedAt,
): Throwaway {
  const certificate = pkijs.Certificate.fromBER(buffer(holder.certDer));
  const access = [
    ...(urls.ocsp ? [[OID.aiaOcsp, urls.ocsp] as const] : []),
    ...(urls.caIssuers ? [[OID.aiaCaIssuers, urls.caIssuers] as const] : []),
  ].map(
    ([accessMethod, value]) =>
      new pkijs.AccessDescription({
        accessMethod,
        accessLocation: new pkijs.GeneralName({ type: URI_NAME, value }),
      }),
  );
  const extensions = certificate.extensions ?? [];
  if (access.length > 0) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.authorityInfoAccess,
        critical: false,
        extnValue: new pkijs.InfoAccess({ accessDescriptions: access }).toSchema().toBER(false),
      }),
    );
  }
  if (urls.crl) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.crlDistributionPoints,
        critical: false,
        extnValue: new pkijs.CRLDistributionPoints({
          distributionPoints: [
            new pkijs.DistributionPoint({
              distributionPoint: [new pkijs.GeneralName({ type: URI_NAME, value: urls.crl })],
            }),
          ],
        })
          .toSchema()
          .toBER(false),
      }),
    );
  }
  certificate.extensions = extensions;
  const signingKey = (issuer ?? holder).key;
  const algorithm = signatureAlgorithm(signingKey);
  certificate.signature = algorithm;
  certificate.signatureAlgorithm = algorithm;
  const tbs = new Uint8Array(certificate.encodeTBS().toBER(false));
  certificate.tbsView = tbs;
  certificate.signatureValue = new asn1js.BitString({
    valueHex: buffer(nodeSign('sha256', tbs, signingKey)),
  });
  const certDer = new Uint8Array(certificate.toSchema(false).toBER(false));
  return { ...holder, certDer, certPem: derToPem(certDer, 'CERTIFICATE') };
}

export interface AnswerOptions {
  thisUpdate?: Date;
  /** Default one hour after thisUpdate. */
  nextUpdate?: Date;
  revokedAt?: Date;
}

/** An OCSPResponse "good" (or revoked) for the request's certificate, signed by its CA. */
export function ocspAnswer(
  requestDer: Uint8Array,
  ca: Throwaway,
  options: AnswerOptions = {},
): Uint8Array {
  const request = pkijs.OCSPRequest.fromBER(buffer(requestDer));
  const certId = request.tbsRequest.requestList[0]?.reqCert;
  if (!certId) throw new Error('OCSP request without a CertID');
  const thisUpdate = options.thisUpdate ?? new Date();
  const status = options.revokedAt
    ? new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [new asn1js.GeneralizedTime({ valueDate: options.revokedAt })],
      })
    : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  const spki = new X509Certificate(ca.certDer).publicKey.export({ type: 'spki', format: 'der' });
  const publicKeyBits = pkijs.PublicKeyInfo.fromBER(buffer(new Uint8Array(spki))).subjectPublicKey
    .valueBlock.valueHexView;
  const data = new pkijs.ResponseData({
    responderID: new asn1js.OctetString({
      valueHex: buffer(new Uint8Array(createHash('sha1').update(publicKeyBits).digest())),
    }),
    producedAt: thisUpdate,
    responses: [
      new pkijs.SingleResponse({
        certID: certId,
        certStatus: status,
        thisUpdate,
        nextUpdate: options.nextUpdate ?? new Date(thisUpdate.getTime() + 60 * MINUTE_MS),
      }),
    ],
  });
  const tbs = new Uint8Array(data.toSchema(true).toBER(false));
  data.tbsView = tbs;
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: signatureAlgorithm(ca.key),
    signature: new asn1js.BitString({ valueHex: buffer(nodeSign('sha256', tbs, ca.key)) }),
  });
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OID.ocspBasic,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

/** A full CRL of `ca`, empty unless `revoked` names serials (hex) with their revocation time. */
export function crlOf(
  ca: Throwaway,
  options: { thisUpdate?: Date; nextUpdate?: Date; revoked?: Array<[string, Date]> } = {},
): Uint8Array {
  const thisUpdate = options.thisUpdate ?? new Date();
  const algorithm = signatureAlgorithm(ca.key);
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    signature: algorithm,
    issuer: ca.subject,
    thisUpdate: new pkijs.Time({ type: 1, value: thisUpdate }),
    nextUpdate: new pkijs.Time({
      type: 1,
      value: options.nextUpdate ?? new Date(thisUpdate.getTime() + 24 * 60 * MINUTE_MS),
    }),
    ...(options.revoked?.length
      ? {
          revokedCertificates: options.revoked.map(
            ([serialHex, at]) =>
              new pkijs.RevokedCertificate({
                userCertificate: new asn1js.Integer({
                  valueHex: buffer(new Uint8Array(Buffer.from(serialHex, 'hex'))),
                }),
                revocationDate: new pkijs.Time({ type: 1, value: at }),
              }),
          ),
        }
      : {}),
  });
  crl.signatureAlgorithm = algorithm;
  // encodeTBS is protected on CRLs: the TBS is the first element of the freshly encoded CRL.
  const tbsElement = (crl.toSchema(true) as asn1js.Sequence).valueBlock.value[0];
  if (!tbsElement) throw new Error('pkijs encoded a CRL without tbsCertList');
  const tbs = new Uint8Array(tbsElement.toBER(false));
  crl.tbsView = tbs;
  crl.signatureValue = new asn1js.BitString({
    valueHex: buffer(nodeSign('sha256', tbs, ca.key)),
  });
  return new Uint8Array(crl.toSchema(false).toBER(false));
}

export interface FakeFetcher extends Fetcher {
  /** Every request, as `GET url` or `POST url`. */
  calls: string[];
}

type Route = (body: Uint8Array | undefined) => Uint8Array | Promise<Uint8Array>;

/** A Fetcher over a URL → answer table; unknown URLs fail as a refused connection would. */
export function fakeFetcher(routes: Record<string, Route>): FakeFetcher {
  const calls: string[] = [];
  const answer = async (method: string, url: string, body?: Uint8Array): Promise<Uint8Array> => {
    calls.push(`${method} ${url}`);
    const route = routes[url];
    if (!route) throw new Error(`connect ECONNREFUSED (${url})`);
    return route(body);
  };
  return {
    calls,
    get: (url) => answer('GET', url),
    post: (url, body) => answer('POST', url, body),
  };
}
