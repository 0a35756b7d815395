import type { Check } from '../check.js';

/** ETSI EN 319 102-1 sub-indications this analysis can establish on its own. */
export type XadesSubIndication =
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'FORMAT_FAILURE'
  | 'SIGNED_DATA_NOT_FOUND'
  | 'NO_SIGNING_CERTIFICATE_FOUND';

export interface IndicationHint {
  indication: 'TOTAL_FAILED' | 'INDETERMINATE';
  subIndication: XadesSubIndication;
}

export type TimestampKind = 'signature' | 'archive' | 'sig-and-refs' | 'refs-only';

export interface XadesTimestamp {
  kind: TimestampKind;
  /** DER of the RFC 3161 TimeStampToken (xades:EncapsulatedTimeStamp). */
  token: Uint8Array;
  /**
   * The exact bytes whose hash the token's messageImprint must carry. Undefined when it could not
   * be computed; a `xades.timestamp.imprint-input` warning then says why.
   */
  imprintInput?: Uint8Array;
  /** The timestamp element's Id, to let the report name it. */
  id?: string;
}

/** Whether an EncapsulatedOCSPValue holds the full OCSPResponse or only the BasicOCSPResponse. */
export type OcspForm = 'OCSPResponse' | 'BasicOCSPResponse' | 'unknown';

export interface XadesRevocationValues {
  /** DER exactly as encapsulated. */
  ocsps: Uint8Array[];
  /** ocspForms[i] says what ocsps[i] is. */
  ocspForms: OcspForm[];
  crls: Uint8Array[];
}

export type XadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface XadesSignature {
  id?: string;
  /** DER; the first ds:KeyInfo certificate whose digest (and IssuerSerial) SigningCertificate names. */
  signerCertificate?: Uint8Array;
  /** The other KeyInfo certificates, then xades:CertificateValues (and timestamp validation data). */
  otherCertificates: Uint8Array[];
  /** xades:SigningTime, as claimed by the signer (not a proof of time). */
  claimedSigningTime?: Date;
  /** Container entry names covered by a ds:Reference: URI-decoded, exact. */
  coveredEntries: string[];
  timestamps: XadesTimestamp[];
  revocationValues: XadesRevocationValues;
  level: XadesLevel;
  checks: Check[];
  /** The worst failure found, in ETSI EN 319 102-1 terms; absent when nothing here failed. */
  indicationHint?: IndicationHint;
}

export interface XadesAnalysis {
  fileName: string;
  /** Document-level checks (parsing, root element, Id uniqueness). */
  checks: Check[];
  signatures: XadesSignature[];
  /** Set when the document itself is unusable (then `signatures` may be empty). */
  indicationHint?: IndicationHint;
}

/** Looks a container entry up by its exact name; undefined when the container has no such entry. */
export type ResolveEntry = (uri: string) => Uint8Array | undefined;
