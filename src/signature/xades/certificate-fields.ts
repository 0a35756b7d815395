import { children, DerError, readTlv, TAG_INTEGER, TAG_SEQUENCE, type Tlv } from './der.js';

/** The fields of an X.509 certificate that XAdES SigningCertificate refers to. */
export interface CertificateIdentity {
  /** DER of the issuer Name. */
  issuer: Tlv;
  /** Contents octets of the serialNumber INTEGER. */
  serial: Uint8Array;
}

/** Reads issuer and serial from the TBSCertificate; undefined when the DER is not a certificate. */
export function certificateIdentity(der: Uint8Array): CertificateIdentity | undefined {
  try {
    const certificate = readTlv(der);
    if (certificate.tag !== TAG_SEQUENCE || certificate.bytes.length !== der.length)
      return undefined;
    const tbs = children(certificate.content)[0];
    if (!tbs || tbs.tag !== TAG_SEQUENCE) return undefined;
    const fields = children(tbs.content);
    // version is [0] EXPLICIT and optional; serialNumber follows it.
    const start = fields[0]?.tag === 0xa0 ? 1 : 0;
    const serial = fields[start];
    const issuer = fields[start + 2];
    if (!serial || serial.tag !== TAG_INTEGER || !issuer || issuer.tag !== TAG_SEQUENCE)
      return undefined;
    return { issuer, serial: serial.content };
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}
