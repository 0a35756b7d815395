import {
  generateKeyPairSync,
  randomBytes,
  sign as nodeSign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derToPem } from '../../../../src/responses/sign/pem.js';
import type { PkiCredential } from '../../../../scripts/pki/test-pki-types.js';

/**
 * Certificates made in memory for unit tests: a fresh key each time, nothing on disk, no openssl.
 * The result has the test PKI's credential shape so the test TSA responder can sign with it.
 */

export interface Throwaway extends PkiCredential {
  key: KeyObject;
  subject: pkijs.RelativeDistinguishedNames;
}

export interface ThrowawayOptions {
  commonName: string;
  keyType?: 'rsa' | 'ec';
  /** Default: self-signed. */
  issuer?: Throwaway;
  isCa?: boolean;
  extendedKeyUsage?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Put this public key in the certificate instead of the new key's (a mismatched pair). */
  publicKeyOf?: Throwaway;
}

const OID = {
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;
export const EKU_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const DAY_MS = 24 * 60 * 60 * 1000;
/** RSA-2048 keeps key generation in a unit test well under a second. */
const RSA_BITS = 2048;

const buffer = (bytes: Uint8Array | ArrayBuffer): ArrayBuffer =>
  (bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).slice().buffer;

function name(commonName: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({
        type: OID.commonName,
        value: new asn1js.Utf8String({ value: commonName }),
      }),
    ],
  });
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

export function makeThrowaway(options: ThrowawayOptions): Throwaway {
  const pair =
    (options.keyType ?? 'rsa') === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: RSA_BITS })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKey = options.publicKeyOf
    ? new X509Certificate(options.publicKeyOf.certDer).publicKey
    : pair.publicKey;
  const subject = name(options.commonName);
  const signingKey = options.issuer?.key ?? pair.privateKey;
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY_MS);

  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ valueHex: buffer(serial) });
  certificate.subject = subject;
  certificate.issuer = options.issuer?.subject ?? subject;
  certificate.notBefore.value = notBefore;
  certificate.notAfter.value = notAfter;
  certificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    buffer(publicKey.export({ type: 'spki', format: 'der' })),
  );
  const keyUsage = new Uint8Array([options.isCa ? 0x06 : 0xc0]); // keyCertSign+cRLSign | digitalSignature+nonRepudiation
  certificate.extensions = [
    extension(
      OID.basicConstraints,
      true,
      new pkijs.BasicConstraints({ cA: options.isCa ?? false }).toSchema(),
    ),
    extension(
      OID.keyUsage,
      true,
      new asn1js.BitString({ valueHex: buffer(keyUsage), unusedBits: 1 }),
    ),
    ...(options.extendedKeyUsage
      ? [
          extension(
            OID.extKeyUsage,
            true,
            new pkijs.ExtKeyUsage({ keyPurposes: options.extendedKeyUsage }).toSchema(),
          ),
        ]
      : []),
  ];
  const rsaIssuer = signingKey.asymmetricKeyType === 'rsa';
  const algorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: rsaIssuer ? OID.sha256WithRsa : OID.ecdsaWithSha256,
    ...(rsaIssuer ? { algorithmParams: new asn1js.Null() } : {}),
  });
  certificate.signature = algorithm;
  certificate.signatureAlgorithm = algorithm;
  const tbs = new Uint8Array(certificate.encodeTBS().toBER(false));
  certificate.tbsView = tbs;
  certificate.signatureValue = new asn1js.BitString({
    valueHex: buffer(nodeSign('sha256', tbs, signingKey)),
  });
  const certDer = new Uint8Array(certificate.toSchema(false).toBER(false));
  return {
    commonName: options.commonName,
    certDer,
    certPem: derToPem(certDer, 'CERTIFICATE'),
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key: pair.privateKey,
    subject,
    serialHex: serial.toString('hex'),
    notBefore,
    notAfter,
    paths: { cert: '', key: '' },
  };
}

/** A root, an issuing CA under it, and an agency seal under that: the usual three-level chain. */
export function makeSealChain(keyType: 'rsa' | 'ec' = 'rsa'): {
  root: Throwaway;
  ca: Throwaway;
  seal: Throwaway;
} {
  const root = makeThrowaway({ commonName: 'Throwaway Root', isCa: true });
  const ca = makeThrowaway({ commonName: 'Throwaway Issuing CA', isCa: true, issuer: root });
  const seal = makeThrowaway({ commonName: 'Throwaway Agency Seal', issuer: ca, keyType });
  return { root, ca, seal };
}

/** A time-stamping unit certificate, self-signed, with the critical timeStamping purpose. */
export function makeTsaCredential(extendedKeyUsage: string[] = [EKU_TIME_STAMPING]): Throwaway {
  return makeThrowaway({ commonName: 'Throwaway TSA', extendedKeyUsage });
}
