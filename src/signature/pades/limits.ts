/**
 * Every limit of the PDF analysis in one place. Each one bounds work done on hostile input, so
 * that a crafted file yields a clean failure instead of a hang, a stack overflow or memory
 * exhaustion. Exceeding a limit throws `PdfFormatError` (or yields a failed check), never crashes.
 */

/** Largest accepted file: the intake's mail size limit is far below this; larger is an attack. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Highest object number / number of xref entries per revision; real documents stay below 10^6. */
export const MAX_OBJECTS = 1_000_000;

/** Xref sections in one /Prev chain (also bounds the revisions); LTA files reach a few dozen. */
export const MAX_XREF_SECTIONS = 1_000;

/** Nesting of arrays and dictionaries; PDF 1.7 Annex C advises 28, we allow generous headroom. */
export const MAX_NESTING_DEPTH = 100;

/** Decoded size of one stream (xref stream, object stream, DSS item): bounds a zip bomb. */
export const MAX_DECODED_STREAM_BYTES = 64 * 1024 * 1024;

/** Decoded bytes over the whole analysis: many small bombs must not add up to a big one. */
export const MAX_TOTAL_DECODED_BYTES = 512 * 1024 * 1024;

/** Signatures per file: far above any legitimate multi-signer document or LTA chain. */
export const MAX_SIGNATURES = 1_000;

/** Objects declared in one object stream (/N); writers put at most a few hundred in each. */
export const MAX_OBJECTS_PER_OBJECT_STREAM = 100_000;

/** Bytes of a signature /Contents hex string once decoded: CMS with embedded CRLs stays below. */
export const MAX_SIGNATURE_CONTENTS_BYTES = 16 * 1024 * 1024;

/** Items in one array or dictionary; keeps pathological single objects from eating memory. */
export const MAX_CONTAINER_ITEMS = 1_000_000;

/** Objects visited when walking the object graph of one revision (roles, fields, DSS). */
export const MAX_GRAPH_NODES = MAX_OBJECTS;

/** Changed objects reported per signature; beyond this the verdict is already decided. */
export const MAX_REPORTED_CHANGES = 10_000;

/** Bytes searched for `endstream` when /Length is wrong; a stream longer than this is rejected. */
export const MAX_ENDSTREAM_SEARCH_BYTES = MAX_FILE_BYTES;
