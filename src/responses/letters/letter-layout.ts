/**
 * The letter's page: A4 with the forms' margins (src/forms/pdf/page-layout.ts), so the agency's
 * papers look alike; the type sizes and gaps below are the letter's own.
 */
export {
  BAND,
  BORDER,
  CONTENT_WIDTH,
  INK,
  LEADING,
  MARGIN,
  MUTED,
  PAGE_SIZE,
  PageCursor,
} from '../../forms/pdf/page-layout.js';

/** The agency's name at the top of the first page. */
export const LETTERHEAD_SIZE = 14;
export const TITLE_SIZE = 13;
/** Body text: 10 pt reads well on screen and printed. */
export const BODY_SIZE = 10;
/** The header (date, case, recipient) and the closing lines. */
export const SMALL_TEXT_SIZE = 9;
/** The grants table has six columns on a portrait page. */
export const TABLE_SIZE = 8;
export const FOOTER_SIZE = 7.5;

/** Room for labels in the header and in lists of facts ("Aģentūras kontaktpersona …"). */
export const HEADER_LABEL_WIDTH = 95;
export const FACT_LABEL_WIDTH = 170;
/** Bulleted items hang their text after the bullet. */
export const BULLET_INDENT = 14;
/** Padding inside a table cell. */
export const CELL_PADDING = 3;

/** Vertical gaps. */
export const BLOCK_GAP = 8;
export const BULLET_GAP = 2;
export const SECTION_GAP = 16;
/**
 * Kept free under the closing lines of the last page. The seal is invisible, but viewers and
 * printouts put a signature panel or a registration stamp there, and a visible seal appearance
 * may be added later without moving the text.
 */
export const SEAL_SPACE = 72;
/** A block does not start on a page with less than this many of its lines' room left. */
export const MIN_LINES_BEFORE_BREAK = 2;
/** The footer's baseline, below the content area. */
export const FOOTER_BASELINE = 30;
