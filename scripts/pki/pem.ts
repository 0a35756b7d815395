/** PEM armour for DER objects; node:crypto and openssl speak PEM, pkijs speaks DER. */
const PEM_LINE_LENGTH = 64;

export function derToPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(new RegExp(`.{1,${PEM_LINE_LENGTH}}`, 'g')) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** DER of every PEM block in `pem` (a chain file may hold several). */
export function pemBlocksToDer(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g) ?? [];
  return blocks.map(
    (block) =>
      new Uint8Array(
        Buffer.from(
          block.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, ''),
          'base64',
        ),
      ),
  );
}

export function pemToDer(pem: string): Uint8Array {
  const [first] = pemBlocksToDer(pem);
  if (!first) throw new Error('no PEM block found');
  return first;
}

/** A standalone ArrayBuffer view of exactly these bytes, as pkijs/asn1js want. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
