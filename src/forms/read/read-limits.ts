/**
 * Limits of reading a form out of a document that anyone can mail in. Each bounds the work and
 * memory one document can cost; exceeding one yields `not-a-form` or a reading problem.
 */

/**
 * Largest file read as a form. The published forms are under 1 MB; with signatures, revocation
 * data and time-stamps a few MB. The default mail limit is 40 MB, so a bigger file cannot have
 * arrived as a form.
 */
export const MAX_FORM_FILE_BYTES = 40 * 1024 * 1024;

/** Fields in one form: ours have fewer than 100; a file with thousands is not one of them. */
export const MAX_FORM_FIELDS = 1000;

/**
 * Characters kept of one field value: every schema limit is far below (descriptions 4000), so a
 * longer value is refused anyway and need not be carried through the pipeline and the database.
 */
export const MAX_READ_VALUE_CHARS = 64 * 1024;
