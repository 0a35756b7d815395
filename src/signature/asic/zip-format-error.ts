/**
 * The input is not a ZIP archive we can read safely (no end record, truncated central directory,
 * more entries than allowed, an entry that cannot be decompressed within its limits, a CRC-32
 * mismatch). The caller maps it to the report's FORMAT_FAILURE: a container we cannot read is
 * never accepted, and it is not a bug either, so it is an error of its own kind.
 */
export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
  /** Stable word for logs and the report, e.g. `no-end-record`, `crc-mismatch`. */
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}
