import { qcStatementsDer, QC_STATEMENTS_EXTENSION_OID, type QcType } from './qc-statements.js';
import type { CaName, PkiUrls, SignerName } from './test-pki-types.js';

export type KeySpec = { kind: 'rsa'; bits: 2048 | 3072 } | { kind: 'ec'; curve: 'P-256' };

/** Validity relative to the build time, in days; negative means in the past. */
export interface RelativeValidity {
  fromDays: number;
  toDays: number;
}

export type EntityName = CaName | SignerName | 'tsa' | 'ocspResponder';

export interface CertificateProfile {
  name: EntityName;
  /** openssl `-subj` syntax, UTF-8. */
  subject: string;
  key: KeySpec;
  /** The issuing CA, or `self` for a root. */
  issuer: CaName | 'self';
  validity: RelativeValidity;
  /** Body of an openssl extension section (`name = value` lines). */
  extensions(urls: PkiUrls): string[];
}

const DAYS_PER_YEAR = 365;

/** Test arc under the ITU "example" OID 2.999, so no policy can be mistaken for a real one. */
export const TEST_POLICY_OID = {
  qualifiedSignature: '2.999.1.1',
  nonQualifiedSignature: '2.999.1.2',
  qualifiedSeal: '2.999.1.3',
  timeStamping: '2.999.2.1',
} as const;

/** ETSI EN 319 411-2 policies: QCP-n-qscd (natural person on a QSCD) and QCP-l-qscd (legal person). */
const ETSI_POLICY_OID = { qcpNQscd: '0.4.0.194112.1.2', qcpLQscd: '0.4.0.194112.1.3' } as const;

const ORG = 'O=Signed Intake Test PKI';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function caExtensions(urls: PkiUrls, issuer: CaName): string[] {
  return [
    'basicConstraints = critical, CA:true, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
    'certificatePolicies = 2.5.29.32.0',
    `crlDistributionPoints = URI:${urls.crl(issuer)}`,
    `authorityInfoAccess = caIssuers;URI:${urls.caIssuers(issuer)}`,
  ];
}

const rootExtensions = (): string[] => [
  'basicConstraints = critical, CA:true',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
];

function endEntityExtensions(
  urls: PkiUrls,
  issuer: CaName,
  policies: string[],
  qcType: QcType | undefined,
): string[] {
  return [
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, nonRepudiation',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
    `certificatePolicies = ${policies.join(', ')}`,
    `authorityInfoAccess = OCSP;URI:${urls.ocsp}, caIssuers;URI:${urls.caIssuers(issuer)}`,
    `crlDistributionPoints = URI:${urls.crl(issuer)}`,
    ...(qcType ? [`${QC_STATEMENTS_EXTENSION_OID} = DER:${hex(qcStatementsDer(qcType))}`] : []),
  ];
}

const qualifiedPerson = (urls: PkiUrls): string[] =>
  endEntityExtensions(
    urls,
    'qualifiedCa',
    [TEST_POLICY_OID.qualifiedSignature, ETSI_POLICY_OID.qcpNQscd],
    'esign',
  );

const RSA_2048: KeySpec = { kind: 'rsa', bits: 2048 };
const RSA_3072: KeySpec = { kind: 'rsa', bits: 3072 };
/** End-entity certificates: issued a month ago, valid for a year. */
const CURRENT: RelativeValidity = { fromDays: -30, toDays: DAYS_PER_YEAR };

/**
 * Every certificate of the test PKI, in an order where each issuer comes before what it issues.
 * CAs start years back so that `expired` (validity two to one years ago) still chains.
 */
export const CERTIFICATE_PROFILES: readonly CertificateProfile[] = [
  {
    name: 'root',
    subject: `/C=LV/${ORG}/CN=Test Root CA`,
    key: RSA_3072,
    issuer: 'self',
    validity: { fromDays: -5 * DAYS_PER_YEAR, toDays: 10 * DAYS_PER_YEAR },
    extensions: rootExtensions,
  },
  {
    name: 'untrustedRoot',
    subject: '/C=LV/O=Unknown Test PKI/CN=Untrusted Test Root CA',
    key: RSA_2048,
    issuer: 'self',
    validity: { fromDays: -5 * DAYS_PER_YEAR, toDays: 10 * DAYS_PER_YEAR },
    extensions: rootExtensions,
  },
  {
    name: 'qualifiedCa',
    subject: `/C=LV/${ORG}/organizationIdentifier=NTRLV-00000000001/CN=Test Qualified CA`,
    key: RSA_3072,
    issuer: 'root',
    validity: { fromDays: -4 * DAYS_PER_YEAR, toDays: 8 * DAYS_PER_YEAR },
    extensions: (urls) => caExtensions(urls, 'root'),
  },
  {
    name: 'nonQualifiedCa',
    subject: `/C=LV/${ORG}/CN=Test Non-Qualified CA`,
    key: RSA_2048,
    issuer: 'root',
    validity: { fromDays: -4 * DAYS_PER_YEAR, toDays: 8 * DAYS_PER_YEAR },
    extensions: (urls) => caExtensions(urls, 'root'),
  },
  {
    name: 'tsa',
    subject: `/C=LV/${ORG}/CN=Test Time-Stamping Unit`,
    key: RSA_2048,
    issuer: 'root',
    validity: { fromDays: -DAYS_PER_YEAR, toDays: 5 * DAYS_PER_YEAR },
    extensions: (urls) => [
      'basicConstraints = critical, CA:false',
      'keyUsage = critical, digitalSignature, nonRepudiation',
      'extendedKeyUsage = critical, timeStamping',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      `certificatePolicies = ${TEST_POLICY_OID.timeStamping}`,
      `crlDistributionPoints = URI:${urls.crl('root')}`,
      `authorityInfoAccess = caIssuers;URI:${urls.caIssuers('root')}`,
    ],
  },
  {
    name: 'ocspResponder',
    subject: `/C=LV/${ORG}/CN=Test Qualified CA OCSP Responder`,
    key: RSA_2048,
    issuer: 'qualifiedCa',
    validity: CURRENT,
    extensions: () => [
      'basicConstraints = critical, CA:false',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = OCSPSigning',
      // id-pkix-ocsp-nocheck: a relying party need not check the responder's own revocation.
      'noCheck = ignored',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
    ],
  },
  {
    name: 'valid',
    subject: '/C=LV/SN=Bērziņš/GN=Jānis/serialNumber=PNOLV-010180-10001/CN=Jānis Bērziņš',
    key: RSA_2048,
    issuer: 'qualifiedCa',
    validity: CURRENT,
    extensions: qualifiedPerson,
  },
  {
    name: 'ecdsa',
    subject: '/C=LV/SN=Ozola/GN=Līga/serialNumber=PNOLV-020290-10002/CN=Līga Ozola',
    key: { kind: 'ec', curve: 'P-256' },
    issuer: 'qualifiedCa',
    validity: CURRENT,
    extensions: qualifiedPerson,
  },
  {
    name: 'revoked',
    subject: '/C=LV/SN=Kalniņš/GN=Pēteris/serialNumber=PNOLV-030370-10003/CN=Pēteris Kalniņš',
    key: RSA_2048,
    issuer: 'qualifiedCa',
    validity: CURRENT,
    extensions: qualifiedPerson,
  },
  {
    name: 'expired',
    subject: '/C=LV/SN=Liepa/GN=Anna/serialNumber=PNOLV-040460-10004/CN=Anna Liepa',
    key: RSA_2048,
    issuer: 'qualifiedCa',
    validity: { fromDays: -3 * DAYS_PER_YEAR, toDays: -DAYS_PER_YEAR },
    extensions: qualifiedPerson,
  },
  {
    name: 'notYetValid',
    subject: '/C=LV/SN=Kļava/GN=Oskars/serialNumber=PNOLV-050550-10005/CN=Oskars Kļava',
    key: RSA_2048,
    issuer: 'qualifiedCa',
    validity: { fromDays: 30, toDays: 2 * DAYS_PER_YEAR },
    extensions: qualifiedPerson,
  },
  {
    name: 'agencySeal',
    subject:
      '/C=LV/O=Valsts Testa Aģentūra/organizationIdentifier=NTRLV-90000000000/CN=Valsts Testa Aģentūra e-zīmogs',
    key: RSA_2048,
    issuer: 'qualifiedCa',
    validity: CURRENT,
    extensions: (urls) =>
      endEntityExtensions(
        urls,
        'qualifiedCa',
        [TEST_POLICY_OID.qualifiedSeal, ETSI_POLICY_OID.qcpLQscd],
        'eseal',
      ),
  },
  {
    name: 'nonQualified',
    subject: '/C=LV/SN=Egle/GN=Ieva/serialNumber=PNOLV-060660-10006/CN=Ieva Egle',
    key: RSA_2048,
    issuer: 'nonQualifiedCa',
    validity: CURRENT,
    extensions: (urls) =>
      endEntityExtensions(
        urls,
        'nonQualifiedCa',
        [TEST_POLICY_OID.nonQualifiedSignature],
        undefined,
      ),
  },
  {
    name: 'untrusted',
    subject: '/C=LV/SN=Svešais/GN=Mārtiņš/serialNumber=PNOLV-070770-10007/CN=Mārtiņš Svešais',
    key: RSA_2048,
    issuer: 'untrustedRoot',
    validity: CURRENT,
    // Qualified-looking on purpose: the only thing wrong with it is that nobody trusts its root.
    extensions: (urls) =>
      endEntityExtensions(
        urls,
        'untrustedRoot',
        [TEST_POLICY_OID.qualifiedSignature, ETSI_POLICY_OID.qcpNQscd],
        'esign',
      ),
  },
];

/** The revoked signer lost its key an hour before the PKI was built. */
export const REVOCATION_BEFORE_BUILD_MS = 60 * 60 * 1000;
/** CRLs are issued at build time and stay current for the whole (much shorter) cache lifetime. */
export const CRL_VALIDITY_DAYS = 30;
