/** `PK\x03\x04`: a ZIP archive starts with a local file header. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
const PDF_MAGIC = new TextEncoder().encode('%PDF-');
/** ISO 32000-1 §7.5.2 lets readers accept the header within the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;

/**
 * What kind of file a document is. The ZIP signature is checked first: an ASiC container stores
 * its PDF uncompressed right after the short `mimetype` entry, so `%PDF-` appears within the first
 * kilobyte of a container too, and a PDF-first test would take the container for a PDF.
 */
export function documentKind(bytes: Uint8Array): 'pdf' | 'zip' | 'other' {
  if (ZIP_MAGIC.every((byte, i) => bytes[i] === byte)) return 'zip';
  const head = bytes.subarray(0, PDF_HEADER_WINDOW);
  for (let i = 0; i + PDF_MAGIC.length <= head.length; i += 1)
    if (PDF_MAGIC.every((byte, j) => head[i + j] === byte)) return 'pdf';
  return 'other';
}
