import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { makeSignedPdf, type PkiServer, type TestPki } from '../scripts/pki/index.js';

const A4_POINTS: [number, number] = [595.28, 841.89];
/**
 * What the signature adds besides the payload: the 16 KB /Contents placeholder written as hex
 * (32 KB), the signature dictionary, the incremental xref and the one-page base document.
 */
const SIGNATURE_AND_BASE_OVERHEAD = 36 * 1024;

/**
 * A one-page PDF carrying `payloadBytes` of random data in an uncompressed stream: random bytes
 * cannot be compressed, so the file really is that large and the verifier must hash all of it.
 */
export async function makeBasePdf(payloadBytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('signed-intake benchmark');
  const page = doc.addPage(A4_POINTS);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(`benchmark payload ${payloadBytes} bytes`, { x: 72, y: 770, size: 12, font });
  const payload = doc.context.register(doc.context.stream(randomBytes(payloadBytes)));
  // Referenced from the catalog so the stream is part of the document, not an orphan object.
  doc.catalog.set(PDFName.of('BenchPayload'), payload);
  return doc.save({ useObjectStreams: false });
}

/** A PAdES B-T PDF of about `targetBytes`, signed by the test PKI's `valid` signer. */
export async function makeSignedPdfOfSize(
  targetBytes: number,
  pki: TestPki,
  server: PkiServer,
): Promise<Uint8Array> {
  const pdf = await makeBasePdf(Math.max(0, targetBytes - SIGNATURE_AND_BASE_OVERHEAD));
  return makeSignedPdf({
    pdf,
    signer: pki.signers.valid,
    chain: pki.signers.valid.chainPem,
    timestamp: { tsaUrl: server.tsaUrl },
  });
}
