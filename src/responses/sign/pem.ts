/** PEM armour for DER objects: node:crypto, openssl and configuration files speak PEM, pkijs DER. */

/** RFC 7468 §2: generators wrap base64 at exactly 64 characters. */
const PEM_LINE_LENGTH = 64;
const PEM_BLOCK = /-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g;
const PEM_BOUNDARY = /-----(BEGIN|END) [^-]+-----/g;

export function derToPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(new RegExp(`.{1,${PEM_LINE_LENGTH}}`, 'g')) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** DER of every PEM block in `pem`, in order (a chain file may hold several). */
export function pemBlocksToDer(pem: string): Uint8Array[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  return blocks.map(
    (block) =>
      new Uint8Array(Buffer.from(block.replace(PEM_BOUNDARY, '').replace(/\s+/g, ''), 'base64')),
  );
}

/** DER of the first PEM block; throws when there is none. */
export function pemToDer(pem: string): Uint8Array {
  const [first] = pemBlocksToDer(pem);
  if (!first) throw new Error('no PEM block found');
  return first;
}
