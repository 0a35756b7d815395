import { describe, expect, it } from 'vitest';
import { ZipFormatError } from '../../../../src/signature/asic/zip-format-error.js';
import { readZip } from '../../../../src/signature/asic/zip-reader.js';
import { inspectContainer } from '../../../../src/signature/asic/container.js';
import { buildZip } from './zip-builder.js';
import { file, mimetype, odfManifest, xadesSignature } from './asic-fixtures.js';

/** Small deterministic PRNG (mulberry32) so a failure reproduces from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readZip on damaged input', () => {
  it('never crashes or hangs: every corrupted byte gives a result or a ZipFormatError', () => {
    const original = buildZip([
      mimetype(),
      file('doc.txt', 'x'.repeat(300)),
      odfManifest(['doc.txt']),
      xadesSignature(),
    ]);
    const next = random(20240601);
    for (let round = 0; round < 400; round += 1) {
      const bytes = original.slice();
      const flips = 1 + Math.floor(next() * 4);
      for (let i = 0; i < flips; i += 1)
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      try {
        const zip = readZip(bytes);
        inspectContainer(zip, 'x.asice');
        for (const entry of zip.entries) {
          try {
            zip.read(entry.name);
          } catch (error) {
            expect(error, `round ${round}`).toBeInstanceOf(ZipFormatError);
          }
        }
      } catch (error) {
        expect(error, `round ${round}`).toBeInstanceOf(ZipFormatError);
      }
    }
  });

  it('never crashes on truncation at any length', () => {
    const original = buildZip([mimetype(), file('doc.txt')]);
    for (let length = 0; length < original.length; length += 1) {
      try {
        readZip(original.subarray(0, length));
      } catch (error) {
        expect(error).toBeInstanceOf(ZipFormatError);
      }
    }
  });
});
