/** What an attachment is to the pipeline. */
export type AttachmentKind =
  'document' | 'message' | 'smime-opaque' | 'smime-signature' | 'unsupported';

/** File names are shown to staff and used in letters; anything longer is cut. */
export const MAX_FILENAME_LENGTH = 200;

/**
 * Classifies by media type and name. Signed PDFs and signature containers are documents; so is
 * anything else, which the verifier then reports as unsupported or unsigned with a reason.
 */
export function classifyAttachment(
  filename: string,
  contentType: string,
): { kind: AttachmentKind; note?: string } {
  const type = contentType.toLowerCase();
  const name = filename.toLowerCase();
  if (type === 'message/rfc822' || name.endsWith('.eml')) return { kind: 'message' };
  if (
    type === 'application/pkcs7-signature' ||
    type === 'application/x-pkcs7-signature' ||
    name.endsWith('.p7s')
  ) {
    return {
      kind: 'smime-signature',
      note: 'the S/MIME signature of the mail itself, not a signed document',
    };
  }
  if (
    type === 'application/pkcs7-mime' ||
    type === 'application/x-pkcs7-mime' ||
    name === 'smime.p7m'
  )
    return { kind: 'smime-opaque' };
  if (type === 'application/ms-tnef' || name === 'winmail.dat') {
    return {
      kind: 'unsupported',
      note: 'winmail.dat (Outlook rich text) cannot be read; please send the documents as ordinary attachments',
    };
  }
  return { kind: 'document' };
}

/** A file name safe to store and show: no path, no control characters, bounded length. */
export function sanitiseFilename(filename: string | undefined, contentType: string): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, MAX_FILENAME_LENGTH);
  if (clean && clean !== '.' && clean !== '..') return clean;
  const extension =
    contentType === 'application/pdf' ? '.pdf' : contentType === 'message/rfc822' ? '.eml' : '.bin';
  return `attachment${extension}`;
}
