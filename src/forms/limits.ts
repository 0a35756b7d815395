/**
 * Every length limit of the form fields, in characters. The templates write the same numbers into
 * the fields' /MaxLen so viewers stop typing there; the schemas enforce them again because a PDF
 * can carry any value. Each limit is far above real use and far below what would hurt a letter,
 * a database row or a log line, so a huge value is a clear problem rather than a crash.
 */

/** People's and institutions' names: the longest Latvian institution names are about 150. */
export const NAME_MAX = 200;

/** Job titles ("Informācijas tehnoloģiju departamenta direktora vietnieks") stay under 100. */
export const POSITION_MAX = 200;

/** Free descriptions: about two pages of text; anything longer belongs in an attached document. */
export const DESCRIPTION_MAX = 4000;

/** A list of laws and regulations with their articles. */
export const LEGAL_BASIS_MAX = 2000;

/** Short notes next to a choice ("other component", "placement on the portal"). */
export const NOTE_MAX = 500;

/** RFC 5321 limits a forward path to 256 octets, so an address is at most 254 characters. */
export const EMAIL_MAX = 254;

/** A phone number with spaces: "+371 67 123 456" is 15; 32 leaves room for any spacing. */
export const PHONE_MAX = 32;

/** Registration numbers are exactly 11 digits (the template's /MaxLen). */
export const REG_NO_MAX = 11;

/**
 * Values with a fixed format (registration numbers) are read up to this length before the format
 * is checked, so that "12 digits" gets the format's message rather than "too long".
 */
export const CODE_INPUT_MAX = 64;

/** E-addresses are `_DEFAULT@` plus a registration number, or an e-mail address. */
export const E_ADDRESS_MAX = EMAIL_MAX;

/** E-service identifiers (`EP-2026-00042`) are 13; a custom pattern gets the same room. */
export const IDENTIFIER_MAX = 64;

/** Identifiers in the test-environment IS catalogue: 1..64 characters by the catalogue's rules. */
export const CATALOGUE_ID_MAX = 64;

/** Version labels ("1.2.3", "2024.1-rc1"). */
export const VERSION_MAX = 32;

/** URLs: browsers and servers commonly cap URLs near 2000 characters. */
export const URL_MAX = 2000;

/** File names: common file systems allow 255 bytes per name. */
export const FILE_NAME_MAX = 255;

/** The act's catalogue entry: a few lines copied from the IS catalogue. */
export const CATALOGUE_ENTRY_MAX = 1000;

/** The act's audit summary: period, calls, error rate and consumers in a few paragraphs. */
export const AUDIT_SUMMARY_MAX = DESCRIPTION_MAX;

/** Act and case numbers ("VRAA/2026/P2-00042"). */
export const REFERENCE_NUMBER_MAX = 64;

/** ISO dates are exactly 10 characters (YYYY-MM-DD). */
export const DATE_MAX = 10;

/** Rows of the access-rights table: the paper form has ten; more people need a second form. */
export const MAX_PEOPLE_ROWS = 10;

/** How far ahead access may be granted: access is reviewed at least every three years. */
export const MAX_ACCESS_YEARS = 3;
