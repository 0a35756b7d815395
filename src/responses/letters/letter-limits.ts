/**
 * Every limit on what a letter prints. Letter data comes from institutions' forms and mail
 * (untrusted); the forms cap their own fields, but a letter must stay readable and quick to
 * render whatever reaches it. Each value is far above real use.
 */

/**
 * One printed value (a refusal reason, a name, a web service's name), in characters. The
 * longest form field holds 4 000 characters, but nothing a letter repeats needs more than a
 * paragraph; 2 000 characters is about half a page.
 */
export const MAX_VALUE_CHARS = 2000;

/**
 * A cell of the grants table, in characters. Names are at most 200 and e-mail addresses 254 on
 * the form; 300 keeps the narrowest column's cell within one page.
 */
export const MAX_TABLE_CELL_CHARS = 300;

/**
 * A value written into the mail subject line. Mail clients show about 80 characters of a
 * subject, and a long subject gets folded into several header lines.
 */
export const MAX_SUBJECT_VALUE_CHARS = 80;

/**
 * Items of one list (reasons, problems, files, grants). The verifier and the forms give a few
 * dozen at most; 500 keeps a runaway list to a bounded letter. The rest is counted.
 */
export const MAX_LIST_ITEMS = 500;

/**
 * Characters of one list taken together: 500 items of 2 000 characters would be some 400
 * pages. 100 000 characters is about 40 pages; the items beyond it are counted.
 */
export const MAX_LIST_CHARS = 100_000;

/**
 * Characters of a raw value looked at before it is cleaned and cut to its limit, so a
 * megabyte-long value costs no more than this to clean. Generous against control characters
 * that cleaning removes.
 */
export const MAX_RAW_SCAN_CHARS = 16 * MAX_VALUE_CHARS;
