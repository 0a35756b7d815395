/** Limits on what one signature document may hold, so a hostile file cannot make us work forever. */

/** A signatures*.xml normally holds one ds:Signature; BDOC allows a few, never hundreds. */
export const MAX_SIGNATURES_PER_DOCUMENT = 64;
/** A container signature covers each data file once; real ones have at most a few hundred files. */
export const MAX_REFERENCES_PER_SIGNATURE = 1_000;
/** Each transform is work on the referenced data; signatures that pass here use one or two. */
export const MAX_TRANSFORMS_PER_REFERENCE = 4;
/** Container entry names are short paths; a longer URI is not a real file name. */
export const MAX_REFERENCE_URI_LENGTH = 4_096;
