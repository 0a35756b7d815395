/**
 * The shape of the test PKI: which authorities and which certificates exist, and where the
 * loopback PKI server publishes them. Kept apart from the builder so the server, the signing
 * helpers and the tests can name things without importing the build machinery.
 */

/** The certification authorities. `untrustedRoot` is deliberately never a trust anchor. */
export const CA_NAMES = ['root', 'qualifiedCa', 'nonQualifiedCa', 'untrustedRoot'] as const;
export type CaName = (typeof CA_NAMES)[number];

/** One end-entity signer per situation the verifier has to tell apart. */
export const SIGNER_NAMES = [
  'valid',
  'ecdsa',
  'revoked',
  'expired',
  'notYetValid',
  'nonQualified',
  'untrusted',
  'agencySeal',
] as const;
export type SignerName = (typeof SIGNER_NAMES)[number];

/** The PKI services the server offers; each can be switched off to simulate an outage. */
export const PKI_SERVICES = ['ocsp', 'crl', 'caIssuers', 'tsa'] as const;
export type PkiService = (typeof PKI_SERVICES)[number];

/** A certificate with its freshly generated test key. Nothing here is ever committed. */
export interface PkiCredential {
  /** Subject common name, for messages and assertions. */
  commonName: string;
  certDer: Uint8Array;
  certPem: string;
  /** PKCS#8 PEM, unencrypted: test keys only. */
  keyPem: string;
  /** Lower-case hex of the serial's bytes without DER's sign byte (openssl's index.txt, lower-cased). */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  paths: { cert: string; key: string };
}

export interface PkiAuthority extends PkiCredential {
  /** The issuer of this CA (itself for the two roots). */
  issuer: CaName;
  crlDer: Uint8Array;
  crlPem: string;
  paths: { cert: string; key: string; crl: string; index: string };
}

export interface PkiSigner extends PkiCredential {
  issuer: CaName;
  /** Issuing CA certificates up to, but not including, the root (PEM, concatenated). */
  chainPem: string;
  /** Set only for `revoked`: when the CRL and OCSP say it was revoked (reason keyCompromise). */
  revokedAt?: Date;
}

export interface PkiUrls {
  /** Base URL, `http://127.0.0.1:<port>`. */
  base: string;
  /** One OCSP endpoint for all CAs; the server picks the CA from the request's issuer key hash. */
  ocsp: string;
  tsa: string;
  crl(ca: CaName): string;
  caIssuers(ca: CaName): string;
}

export interface TestPki {
  /** Folder this build lives in. */
  dir: string;
  /** Loopback port baked into every AIA and CRL distribution point URL. */
  port: number;
  builtAt: Date;
  urls: PkiUrls;
  cas: Record<CaName, PkiAuthority>;
  signers: Record<SignerName, PkiSigner>;
  /** Time-stamping unit, issued by `root`, extendedKeyUsage timeStamping (critical). */
  tsa: PkiCredential;
  /** Delegated OCSP responder of `qualifiedCa` (id-kp-OCSPSigning, id-pkix-ocsp-nocheck). */
  ocspResponder: PkiCredential;
  /** PEM of the only trust anchor, `root`. */
  trustAnchorsPem: string;
  /** File holding `trustAnchorsPem`, for `openssl ... -CAfile`. */
  trustAnchorsPath: string;
}

/** The host every URL names; the server listens only there. */
export const PKI_HOST = '127.0.0.1';

export function pkiUrls(port: number): PkiUrls {
  const base = `http://${PKI_HOST}:${port}`;
  return {
    base,
    ocsp: `${base}/ocsp`,
    tsa: `${base}/tsa`,
    crl: (ca) => `${base}/crl/${ca}.crl`,
    caIssuers: (ca) => `${base}/ca/${ca}.cer`,
  };
}
