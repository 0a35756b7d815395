/**
 * Every limit the ZIP reader enforces. A container arrives by e-mail from anyone, so each value is
 * chosen to be far above what a real signed container needs and far below what would hurt the
 * worker (memory, time). Exceeding one is a failed `zip.limits.*` check or a `ZipFormatError`.
 */

/** Real ASiC containers hold a handful of files; 10 000 entries is already absurd for a document. */
export const MAX_ZIP_ENTRIES = 10_000;

/** One document inside a container: scans and PDFs of a few hundred pages stay well below this. */
export const MAX_ENTRY_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;

/** All entries together, decompressed: bounds the memory one container can make us allocate. */
export const MAX_TOTAL_UNCOMPRESSED_BYTES = 512 * 1024 * 1024;

/**
 * Declared uncompressed : compressed size. Deflate tops out near 1032:1 on constant data; real
 * documents (PDF, DOCX, XML) compress 2–20:1. Above this ratio the entry is treated as a zip bomb.
 */
export const MAX_COMPRESSION_RATIO = 100;

/** Small entries cannot hurt however well they compress (a 2 KB run of spaces reaches ~100:1). */
export const COMPRESSION_RATIO_MIN_BYTES = 1024 * 1024;

/** Bytes of one entry name: file systems allow 255 per segment; longer names are not documents. */
export const MAX_ENTRY_NAME_BYTES = 1024;

/** The ZIP format caps the archive comment at 65 535 bytes, so the EOCD is never further back. */
export const MAX_ZIP_COMMENT_BYTES = 0xffff;
