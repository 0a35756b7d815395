import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { digestNameOfOid } from './digest-algorithms.js';
import { toArrayBuffer } from './pem.js';
import { runOpenssl } from './run-openssl.js';
import { CA_NAMES, type CaName, type TestPki } from './test-pki-types.js';

/** OCSPResponse with responseStatus malformedRequest (1) and no body (RFC 6960 4.2.1). */
const MALFORMED_REQUEST_RESPONSE = Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x01);

/** Responses say "good until" this far ahead: long enough for one test, short like a real responder. */
export const DEFAULT_OCSP_VALIDITY_MINUTES = 60;

interface Responder {
  ca: CaName;
  signerCert: string;
  signerKey: string;
}

/**
 * The qualified CA answers through its delegated responder certificate; the other CAs sign their
 * own responses, which RFC 6960 also allows, so every certificate of the PKI has an OCSP answer.
 */
function responderFor(pki: TestPki, ca: CaName): Responder {
  if (ca === 'qualifiedCa') {
    return { ca, signerCert: pki.ocspResponder.paths.cert, signerKey: pki.ocspResponder.paths.key };
  }
  return { ca, signerCert: pki.cas[ca].paths.cert, signerKey: pki.cas[ca].paths.key };
}

/** Which CA the request asks about, by the issuer key hash of its first CertID. */
function requestedCa(pki: TestPki, request: pkijs.OCSPRequest): CaName | undefined {
  const certId = request.tbsRequest.requestList[0]?.reqCert;
  if (!certId) return undefined;
  const digest = digestNameOfOid(certId.hashAlgorithm.algorithmId);
  if (!digest) return undefined;
  const wanted = Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView);
  return CA_NAMES.find((ca) => {
    const certificate = pkijs.Certificate.fromBER(toArrayBuffer(pki.cas[ca].certDer));
    const key = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
    return createHash(digest).update(key).digest().equals(wanted);
  });
}

export interface OcspAnswerOptions {
  validityMinutes?: number;
}

/**
 * Answers one DER OCSP request with `openssl ocsp` acting as the responder over the CA's own
 * index.txt: good / revoked (with time and reason) / unknown, nonce copied, thisUpdate now.
 */
export async function answerOcspRequest(
  pki: TestPki,
  requestDer: Uint8Array,
  options: OcspAnswerOptions = {},
): Promise<Uint8Array> {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(toArrayBuffer(requestDer));
  } catch {
    return MALFORMED_REQUEST_RESPONSE;
  }
  // An unknown issuer still gets a signed answer ("unknown") from the qualified CA's responder.
  const responder = responderFor(pki, requestedCa(pki, request) ?? 'qualifiedCa');
  const work = await mkdtemp(join(tmpdir(), 'test-pki-ocsp-'));
  try {
    const requestPath = join(work, 'request.der');
    const responsePath = join(work, 'response.der');
    await writeFile(requestPath, requestDer);
    await runOpenssl([
      'ocsp',
      '-index',
      pki.cas[responder.ca].paths.index,
      '-CA',
      pki.cas[responder.ca].paths.cert,
      '-rsigner',
      responder.signerCert,
      '-rkey',
      responder.signerKey,
      '-rmd',
      'sha256',
      '-nmin',
      String(options.validityMinutes ?? DEFAULT_OCSP_VALIDITY_MINUTES),
      '-reqin',
      requestPath,
      '-respout',
      responsePath,
    ]);
    return new Uint8Array(await readFile(responsePath));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
