import { KeyObject, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** A key pair with a self-signed certificate, made fresh for each test run. */
export interface TestSigner {
  privateKey: KeyObject;
  certificate: Uint8Array;
  kind: 'rsa' | 'ec';
  /** Issuer (= subject) common name, for IssuerSerial tests. */
  commonName: string;
  serial: bigint;
}

const RSA_ALGORITHM: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};
const EC_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

function name(commonName: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.6',
        value: new asn1js.PrintableString({ value: 'LV' }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.10',
        value: new asn1js.Utf8String({ value: 'Test Agency' }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.3',
        value: new asn1js.Utf8String({ value: commonName }),
      }),
    ],
  });
}

export async function makeSigner(
  kind: 'rsa' | 'ec',
  commonName: string,
  serial: number,
): Promise<TestSigner> {
  const algorithm = kind === 'rsa' ? RSA_ALGORITHM : EC_ALGORITHM;
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: serial });
  certificate.issuer = name(commonName);
  certificate.subject = name(commonName);
  certificate.notBefore.value = new Date('2024-01-01T00:00:00Z');
  certificate.notAfter.value = new Date('2034-01-01T00:00:00Z');
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  await certificate.sign(keys.privateKey, 'SHA-256');
  return {
    privateKey: KeyObject.from(keys.privateKey),
    certificate: new Uint8Array(certificate.toSchema(true).toBER(false)),
    kind,
    commonName,
    serial: BigInt(serial),
  };
}
