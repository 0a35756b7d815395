import { X509Certificate } from 'node:crypto';
import { AppError, isAppError } from '../../errors/index.js';
import { createCadesDetachedSignature } from './cades-detached-signature.js';
import {
  coveredPieces,
  embedSignature,
  prepareSignaturePlaceholder,
} from './pdf-signature-placeholder.js';
import type { Signer } from './signer.js';
import type { TimestampAuthority } from './timestamp-authority.js';

/**
 * Bytes reserved for the CMS in /Contents. A seal with a 4096-bit key and a three-certificate
 * chain (~1.5 KB each), plus a time-stamp token that carries the TSA's certificate and chain,
 * comes to about 10 KB; 32 KB leaves room for long national-CA chains and a larger TSA answer.
 * The placeholder cannot grow after signing, and the file pays twice this in hex: 64 KB.
 */
export const SEAL_CONTENTS_BYTES = 32 * 1024;

/** The field a seal gets when the caller names none (a letter, not the acceptance act). */
export const DEFAULT_SEAL_FIELD_NAME = 'agencySeal';

export interface SealOptions {
  signer: Signer;
  /** With it the seal is PAdES B-T (signature time-stamp); without it B-B. */
  tsa?: TimestampAuthority;
  reason?: string;
  location?: string;
  /** /Name: who sealed, for viewers that show it instead of the certificate's subject. */
  name?: string;
  /** /M, the claimed signing time; the certificate must be valid then. */
  signingTime: Date;
  /**
   * An existing empty signature field of this name is filled (the acceptance act has
   * `agencySignature`); otherwise a new invisible field of this name is created.
   */
  fieldName?: string;
}

/** Sealing with a certificate outside its validity gives a seal every verifier rejects. */
function checkCertificateValidAt(signer: Signer, at: Date): void {
  if (Number.isNaN(at.getTime()))
    throw new AppError('SEAL_FAILED', 'the signing time is not a date');
  const certificate = new X509Certificate(signer.certificate);
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (at < notBefore || at > notAfter) {
    throw new AppError(
      'SEAL_FAILED',
      `the seal certificate is valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}, not at ${at.toISOString()}`,
    );
  }
}

/**
 * Seals a PDF with the agency's key: a PAdES baseline signature (ETSI.CAdES.detached, SHA-256)
 * appended as an incremental update, so the bytes before it stay exactly as they were.
 * Throws AppError SEAL_FAILED (permanent) or SEAL_TSA_FAILED (retry later).
 */
export async function sealPdf(pdf: Uint8Array, options: SealOptions): Promise<Uint8Array> {
  try {
    checkCertificateValidAt(options.signer, options.signingTime);
    const prepared = await prepareSignaturePlaceholder(pdf, {
      fieldName: options.fieldName ?? DEFAULT_SEAL_FIELD_NAME,
      subFilter: 'ETSI.CAdES.detached',
      signingTime: options.signingTime,
      contentsSize: SEAL_CONTENTS_BYTES,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.location === undefined ? {} : { location: options.location }),
      ...(options.name === undefined ? {} : { signerName: options.name }),
    });
    const cms = await createCadesDetachedSignature({
      content: coveredPieces(prepared),
      signer: options.signer,
      tsa: options.tsa,
    });
    return embedSignature(prepared, cms);
  } catch (error) {
    if (isAppError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('SEAL_FAILED', `sealing the PDF failed: ${reason}`, { cause: error });
  }
}
