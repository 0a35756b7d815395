/**
 * The PDF cannot be read as a PDF (broken syntax, broken xref, a limit exceeded). The caller turns
 * it into FORMAT_FAILURE. It is thrown only for unreadable input, never for an invalid signature.
 */
export class PdfFormatError extends Error {
  override readonly name = 'PdfFormatError';
  /** Byte offset where the problem was seen, when known. */
  readonly offset: number | undefined;

  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.offset = offset;
  }
}
