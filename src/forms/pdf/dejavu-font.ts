import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The bytes of DejaVu Sans, the one typeface the forms use: it covers every Latvian letter
 * (ā č ē ģ ī ķ ļ ņ š ū ž) and is free to embed. The file ships inside the `dejavu-fonts-ttf`
 * package, so reading it is loading a part of the program, like importing a module — not the
 * kind of I/O the pure rooms keep behind ports. This is the only file access in src/forms, it
 * happens once per process, and a missing file is a broken installation (the promise rejects).
 */
const FONT_FILE = 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf';

let cached: Promise<Uint8Array> | undefined;

export function dejaVuSansBytes(): Promise<Uint8Array> {
  cached ??= readFile(createRequire(import.meta.url).resolve(FONT_FILE)).then(
    (buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
  );
  return cached;
}
