/**
 * One accepted-or-refused document as the compliance report lists it: where it came from, what
 * case it joined, and what the verifier said about its (first) signature. Declared here, below
 * the store, so that the exports in this room and the SQL in src/store share one shape without
 * an import pointing up.
 */
export interface SignatureReportRow {
  documentId: string;
  sha256: string;
  filename: string;
  size: number;
  messageId: string;
  mailbox: string;
  sender: string | null;
  subject: string | null;
  receivedAt: Date;
  verifiedAt: Date;
  caseNumber: string | null;
  institutionRegNo: string | null;
  institutionName: string | null;
  formType: string | null;
  /** The subject of the first signature that is not a document time-stamp. */
  signer: string | null;
  /** That signature's certificate serial number, hex as the verifier writes it. */
  certificateSerial: string | null;
  qualification: string | null;
  level: string | null;
  indication: string | null;
  subIndication: string | null;
  /** The intake policy's verdict. */
  accepted: boolean;
  /** Why not accepted, in plain words (empty when accepted). */
  reasons: string[];
  /** genTime of that signature's first valid signature time-stamp. */
  timestampTime: string | null;
  /** Where that signature's revocation status came from (`embedded OCSP`, `CRL`, …). */
  revocationSource: string | null;
  format: string;
}

export interface SignatureReportTotals {
  total: number;
  accepted: number;
  refused: number;
  /** By the first signature's indication; a document without one counts under NO_INDICATION. */
  byIndication: Record<string, number>;
  /** Each reason of report.reasons, counted once per document that gives it. */
  byReason: Record<string, number>;
}

/** The byIndication key of documents that carry no signature (unsigned, unsupported). */
export const NO_INDICATION = 'none';

const SERIAL_SEPARATORS = /[\s:]/g;
const HEX = /^[0-9a-f]*$/;

/**
 * A certificate serial number as it is compared: hex digits only, lower case, without colons,
 * spaces, a `0x` prefix or leading zeros ("00:A1:b2" and "a1B2" are the same serial). Null when
 * the text is not a hex number at all.
 */
export function normaliseSerial(text: string): string | null {
  const compact = text.replace(SERIAL_SEPARATORS, '').toLowerCase().replace(/^0x/, '');
  if (compact === '' || !HEX.test(compact)) return null;
  return compact.replace(/^0+/, '');
}
