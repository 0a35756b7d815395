/** General-purpose flag bit 11: the name is UTF-8 (otherwise IBM code page 437 by the spec). */
const FLAG_UTF8 = 0x0800;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * How sure we are of what a name says. `unflagged-utf8`: valid UTF-8 without the UTF-8 flag (what
 * most modern tools write; a strict reader would show code page 437). `invalid`: not UTF-8 at all,
 * shown byte for byte (latin1); readers will show different names.
 */
export type NameEncoding = 'ascii' | 'utf8' | 'unflagged-utf8' | 'invalid';

export function decodeEntryName(
  bytes: Uint8Array,
  flags: number,
): { name: string; encoding: NameEncoding } {
  if (bytes.every((byte) => byte < 0x80)) return { name: latin1.decode(bytes), encoding: 'ascii' };
  try {
    const name = utf8.decode(bytes);
    return { name, encoding: (flags & FLAG_UTF8) !== 0 ? 'utf8' : 'unflagged-utf8' };
  } catch {
    return { name: latin1.decode(bytes), encoding: 'invalid' };
  }
}
