import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { SignerCredentials } from './cms-signer-info.js';
import type { SigningDigest } from './digest-algorithms.js';
import {
  coveredPieces,
  embedSignature,
  prepareSignaturePlaceholder,
  type PlaceholderOptions,
} from './pdf-signature-placeholder.js';
import { runOpenssl } from './run-openssl.js';
import { signCmsDetached } from './sign-cms.js';

/**
 * Room for the CMS in /Contents: a 3072-bit chain, an RSA signature and a time-stamp token with
 * the TSA certificate come to about 7 KB; 16 KB leaves space for larger keys and chains.
 */
export const DEFAULT_CONTENTS_SIZE = 16 * 1024;
const DEFAULT_FIELD_NAME = 'Signature1';
/** What the default form says; the standard fonts cannot draw ģ/ē, the metadata carries them. */
export const DEFAULT_PDF_TITLE = 'Iesniegums — ģērbšanās';
const A4_POINTS: [number, number] = [595.28, 841.89];
const TEXT_SIZE = 14;
const MARGIN = 72;

/** A one-page form whose title (document metadata, UTF-16) is Latvian text with diacritics. */
export async function makeDefaultPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(DEFAULT_PDF_TITLE);
  doc.setSubject(DEFAULT_PDF_TITLE);
  doc.setCreationDate(new Date());
  const page = doc.addPage(A4_POINTS);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // WinAnsi has no ģ or ē, so the page shows the ASCII transliteration.
  page.drawText('Iesniegums - gerbsanas', {
    x: MARGIN,
    y: A4_POINTS[1] - MARGIN,
    size: TEXT_SIZE,
    font,
  });
  // A classic xref table; tests that want an xref-stream original pass their own PDF.
  return doc.save({ useObjectStreams: false });
}

interface CommonPdfOptions {
  /** The PDF to sign; default `makeDefaultPdf()`. Signing an already signed PDF adds a signature. */
  pdf?: Uint8Array;
  signer: SignerCredentials;
  /** Issuing CA certificates to embed (PEM). */
  chain?: string;
  /** /M in the signature dictionary; default now. */
  signingTime?: Date;
  fieldName?: string;
  reason?: string;
  signerName?: string;
  contentsSize?: number;
  pageIndex?: number;
}

export interface MakeSignedPdfOptions extends CommonPdfOptions {
  digest?: SigningDigest;
  timestamp?: { tsaUrl: string } | { token: Uint8Array };
  pss?: boolean;
}

function placeholderOptions(
  options: CommonPdfOptions,
  subFilter: PlaceholderOptions['subFilter'],
): PlaceholderOptions {
  return {
    fieldName: options.fieldName ?? DEFAULT_FIELD_NAME,
    subFilter,
    signingTime: options.signingTime ?? new Date(),
    contentsSize: options.contentsSize ?? DEFAULT_CONTENTS_SIZE,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.signerName === undefined ? {} : { signerName: options.signerName }),
    ...(options.pageIndex === undefined ? {} : { pageIndex: options.pageIndex }),
  };
}

/**
 * A PAdES baseline signature (ETSI.CAdES.detached) added as an incremental update: no
 * signing-time attribute in the CMS (the time is /M), signing-certificate-v2 present, and with
 * `timestamp` a signature time-stamp (PAdES-B-T).
 */
export async function makeSignedPdf(options: MakeSignedPdfOptions): Promise<Uint8Array> {
  const prepared = await prepareSignaturePlaceholder(
    options.pdf ?? (await makeDefaultPdf()),
    placeholderOptions(options, 'ETSI.CAdES.detached'),
  );
  const cms = await signCmsDetached({
    content: coveredPieces(prepared),
    signer: options.signer,
    ...(options.chain === undefined ? {} : { chain: options.chain }),
    digest: options.digest ?? 'sha256',
    signingTime: null,
    addSigningCertificateV2: true,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    pss: options.pss ?? false,
  });
  return embedSignature(prepared, cms);
}

/**
 * The same PDF signature, but with the CMS made by `openssl cms -sign -cades`: an independent
 * implementation, so the verifier is not only ever tested against our own encoder. openssl adds
 * a signing-time attribute, which PAdES baseline frowns on but verifiers must still read.
 */
export async function makeSignedPdfWithOpenssl(options: CommonPdfOptions): Promise<Uint8Array> {
  const prepared = await prepareSignaturePlaceholder(
    options.pdf ?? (await makeDefaultPdf()),
    placeholderOptions(options, 'ETSI.CAdES.detached'),
  );
  const work = await mkdtemp(join(tmpdir(), 'test-pki-pades-'));
  try {
    const file = (name: string): string => join(work, name);
    await writeFile(file('covered.bin'), Buffer.concat(coveredPieces(prepared)));
    await writeFile(file('signer.pem'), options.signer.certPem);
    await writeFile(file('signer.key'), options.signer.keyPem);
    if (options.chain) await writeFile(file('chain.pem'), options.chain);
    await runOpenssl([
      'cms',
      '-sign',
      '-binary',
      '-cades',
      '-md',
      'sha256',
      '-outform',
      'DER',
      '-nosmimecap',
      '-signer',
      file('signer.pem'),
      '-inkey',
      file('signer.key'),
      ...(options.chain ? ['-certfile', file('chain.pem')] : []),
      '-in',
      file('covered.bin'),
      '-out',
      file('signature.der'),
    ]);
    return embedSignature(prepared, new Uint8Array(await readFile(file('signature.der'))));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
