import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/signature/verify-document.js';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(
    Buffer.concat(
      parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
    ),
  );

describe('telling a PDF from a signature container', () => {
  it('regression: an ASiC-E container storing its PDF uncompressed is a container, not a PDF', () => {
    const zip = bytes(
      [0x50, 0x4b, 0x03, 0x04],
      '\u0000'.repeat(26),
      'mimetypeapplication/vnd.etsi.asic-e+zip',
      [0x50, 0x4b, 0x03, 0x04],
      '\u0000'.repeat(26),
      'form.pdf%PDF-1.7\n',
    );
    expect(detectFormat(zip)).toBe('zip');
  });

  it('a PDF whose header follows some junk within the first kilobyte is still a PDF', () => {
    expect(detectFormat(bytes('x'.repeat(500), '%PDF-1.4\n'))).toBe('pdf');
    expect(detectFormat(bytes('x'.repeat(1100), '%PDF-1.4\n'))).toBe('other');
  });
});
