import { describe, expect, it } from 'vitest';
import type { ZipArchive } from '../../../../src/signature/asic/zip-reader.js';
import { readZip } from '../../../../src/signature/asic/zip-reader.js';
import { ZipFormatError } from '../../../../src/signature/asic/zip-format-error.js';
import {
  MAX_COMPRESSION_RATIO,
  MAX_ENTRY_NAME_BYTES,
  MAX_ENTRY_UNCOMPRESSED_BYTES,
  MAX_TOTAL_UNCOMPRESSED_BYTES,
  MAX_ZIP_ENTRIES,
} from '../../../../src/signature/asic/zip-limits.js';
import { buildZip } from './zip-builder.js';

const failedNames = (zip: ZipArchive): string[] =>
  zip.problems.filter((c) => c.status === 'failed').map((c) => c.name);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const MIMETYPE = { name: 'mimetype', data: 'application/vnd.etsi.asic-e+zip' };

function expectFormatError(action: () => unknown, reason: string): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ZipFormatError);
    expect((error as ZipFormatError).reason).toBe(reason);
    return;
  }
  throw new Error(`expected a ZipFormatError (${reason})`);
}

describe('readZip: a well-formed archive', () => {
  it('lists stored and deflated entries and reads them back verified', () => {
    const zip = readZip(
      buildZip([
        MIMETYPE,
        { name: 'doc.txt', data: 'hello '.repeat(100), method: 8 },
        { name: 'META-INF/', data: '' },
      ]),
    );
    expect(zip.problems).toEqual([]);
    expect(zip.checks.map((c) => c.name)).toEqual(['zip.structure']);
    expect(zip.entries.map((e) => [e.name, e.method, e.isDirectory])).toEqual([
      ['mimetype', 0, false],
      ['doc.txt', 8, false],
      ['META-INF/', 0, true],
    ]);
    expect(zip.entries[1]?.uncompressedSize).toBe(600);
    expect(text(zip.read('doc.txt'))).toBe('hello '.repeat(100));
    expect(text(zip.read('mimetype'))).toBe('application/vnd.etsi.asic-e+zip');
  });

  it('reads entries whose CRC and sizes follow in a data descriptor', () => {
    const zip = readZip(
      buildZip([{ name: 'a.txt', data: 'abc', method: 8, dataDescriptor: true }]),
    );
    expect(zip.problems).toEqual([]);
    expect(text(zip.read('a.txt'))).toBe('abc');
  });

  it('reads a ZIP64 archive through its locator and ZIP64 end record', () => {
    const zip = readZip(buildZip([{ name: 'a.txt', data: 'abc' }], { zip64: true }));
    expect(zip.problems).toEqual([]);
    expect(text(zip.read('a.txt'))).toBe('abc');
  });

  it('accepts an archive comment', () => {
    const zip = readZip(buildZip([MIMETYPE], { comment: new TextEncoder().encode('made by X') }));
    expect(zip.problems).toEqual([]);
  });
});

describe('readZip: input that is not a readable ZIP throws ZipFormatError', () => {
  it('when there is no end of central directory', () => {
    expectFormatError(
      () => readZip(new TextEncoder().encode('%PDF-1.7 not a zip')),
      'no-end-record',
    );
    expectFormatError(() => readZip(new Uint8Array()), 'no-end-record');
  });

  it('when the end record declares more entries than the limit, before reading them', () => {
    const bytes = buildZip([MIMETYPE], { declaredEntryCount: MAX_ZIP_ENTRIES + 1 });
    expectFormatError(() => readZip(bytes), 'too-many-entries');
  });

  it('when the end record declares more entries than the central directory holds', () => {
    expectFormatError(
      () => readZip(buildZip([MIMETYPE], { declaredEntryCount: 3 })),
      'central-directory-size',
    );
  });

  it('when the central directory is cut off', () => {
    const bytes = buildZip([MIMETYPE, { name: 'a.txt', data: 'x' }]);
    const cut = bytes.slice(0, bytes.byteLength - 40);
    expect(() => readZip(cut)).toThrow(ZipFormatError);
  });
});

describe('readZip: names that point elsewhere than they say', () => {
  it.each([
    ['../evil.txt', 'zip.name.traversal'],
    ['folder/../x.txt', 'zip.name.traversal'],
    ['/etc/passwd', 'zip.name.absolute'],
    ['C:/Windows/x.txt', 'zip.name.drive-letter'],
    ['folder\\x.txt', 'zip.name.backslash'],
    ['.', 'zip.name.dot-segment'],
    ['a//b.txt', 'zip.name.empty-segment'],
    ['a\u0000.txt', 'zip.name.control-character'],
  ])('%j fails %s', (name, check) => {
    expect(failedNames(readZip(buildZip([{ name, data: 'x' }])))).toContain(check);
  });

  it('fails an empty name and a name longer than the limit', () => {
    expect(failedNames(readZip(buildZip([{ name: '', data: 'x' }])))).toContain('zip.name.empty');
    const long = 'a'.repeat(MAX_ENTRY_NAME_BYTES + 1);
    expect(failedNames(readZip(buildZip([{ name: long, data: 'x' }])))).toContain(
      'zip.name.length',
    );
  });

  it('fails a duplicate name, and refuses to read it because readers disagree on which one', () => {
    const zip = readZip(
      buildZip([
        { name: 'doc.txt', data: 'signed' },
        { name: 'doc.txt', data: 'forged' },
      ]),
    );
    expect(failedNames(zip)).toContain('zip.name.duplicate');
    expectFormatError(() => zip.read('doc.txt'), 'duplicate-entry');
  });

  it('fails names that differ only in letter case or Unicode normalisation', () => {
    expect(
      failedNames(
        readZip(
          buildZip([
            { name: 'Doc.txt', data: 'a' },
            { name: 'doc.TXT', data: 'b' },
          ]),
        ),
      ),
    ).toContain('zip.name.duplicate-ignoring-case');
    expect(
      failedNames(
        readZip(
          buildZip([
            { name: 'caf\u00e9.txt', data: 'a' },
            { name: 'cafe\u0301.txt', data: 'b' },
          ]),
        ),
      ),
    ).toContain('zip.name.duplicate-ignoring-case');
  });
});

describe('readZip: entries it must not open', () => {
  it('fails an encrypted entry and refuses to read it', () => {
    const zip = readZip(buildZip([{ name: 'secret.txt', data: 'x', flags: 0x0001 }]));
    expect(zip.entries[0]?.encrypted).toBe(true);
    expect(failedNames(zip)).toContain('zip.entry.encrypted');
    expectFormatError(() => zip.read('secret.txt'), 'entry-refused');
  });

  it('fails a compression method other than stored and deflate', () => {
    const zip = readZip(buildZip([{ name: 'a.bz2', data: 'x', method: 12 }]));
    expect(failedNames(zip)).toContain('zip.entry.method');
    expectFormatError(() => zip.read('a.bz2'), 'entry-refused');
  });

  it('fails a zip bomb by its declared ratio without inflating anything', () => {
    const zip = readZip(
      buildZip([
        {
          name: 'bomb.txt',
          data: 'x'.repeat(1000),
          method: 8,
          uncompressedSize: 200 * 1024 * 1024,
        },
      ]),
    );
    const ratio = zip.problems.find((c) => c.name === 'zip.limits.compression-ratio');
    expect(ratio?.status).toBe('failed');
    expect(ratio?.detail).toContain(String(MAX_COMPRESSION_RATIO));
    expectFormatError(() => zip.read('bomb.txt'), 'entry-refused');
  });

  it('fails an entry that declares more than the per-entry limit', () => {
    const zip = readZip(
      buildZip([
        {
          name: 'huge.bin',
          data: 'x',
          compressedSize: 1,
          uncompressedSize: MAX_ENTRY_UNCOMPRESSED_BYTES + 1,
          method: 8,
        },
      ]),
    );
    expect(failedNames(zip)).toContain('zip.limits.entry-size');
  });

  it('fails entries that together declare more than the total limit', () => {
    const each = Math.floor(MAX_TOTAL_UNCOMPRESSED_BYTES / 3);
    const fake = (name: string) => ({
      name,
      data: 'x',
      method: 8,
      uncompressedSize: each,
      compressedSize: each / 50,
    });
    const zip = readZip(buildZip([fake('a'), fake('b'), fake('c'), fake('d')]));
    expect(failedNames(zip)).toContain('zip.limits.total-size');
  });

  it('stops inflating at the declared size when a stream expands beyond it', () => {
    const zip = readZip(
      buildZip([{ name: 'a.txt', data: 'y'.repeat(5000), method: 8, uncompressedSize: 10 }]),
    );
    expect(zip.problems).toEqual([]);
    expectFormatError(() => zip.read('a.txt'), 'inflate');
  });

  it('treats a CRC-32 mismatch as an error when the entry is read', () => {
    const zip = readZip(buildZip([{ name: 'a.txt', data: 'signed text', crc: 0x12345678 }]));
    expectFormatError(() => zip.read('a.txt'), 'crc-mismatch');
  });

  it('reports a missing entry by name', () => {
    expectFormatError(() => readZip(buildZip([MIMETYPE])).read('nope'), 'no-such-entry');
  });
});

describe('readZip: local headers that tell another story than the central directory', () => {
  it.each([
    ['name', { localName: 'other.txt' }],
    ['compression method', { localMethod: 8 }],
    ['size', { localUncompressedSize: 99 }],
  ])('fails when they disagree on the %s', (what, quirk) => {
    const zip = readZip(buildZip([{ name: 'a.txt', data: 'abc', ...quirk }]));
    const mismatch = zip.problems.find((c) => c.name === 'zip.local-header.matches-central');
    expect(mismatch?.status).toBe('failed');
    expect(mismatch?.detail).toContain(what);
    expectFormatError(() => zip.read('a.txt'), 'entry-refused');
  });
});

describe('readZip: bytes that belong to no entry', () => {
  it('fails data before the first local header (a ZIP that is also a PDF)', () => {
    const prefix = new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\n');
    expect(failedNames(readZip(buildZip([MIMETYPE], { prefix })))).toContain(
      'zip.layout.leading-data',
    );
  });

  it('fails bytes appended after the end record', () => {
    const suffix = new TextEncoder().encode('%%EOF appended');
    expect(failedNames(readZip(buildZip([MIMETYPE], { suffix })))).toContain(
      'zip.layout.trailing-data',
    );
  });

  it('fails bytes hidden between two entries (a local entry only streaming readers see)', () => {
    const zip = readZip(
      buildZip([
        { ...MIMETYPE, gapAfter: new Uint8Array(40) },
        { name: 'a.txt', data: 'x' },
      ]),
    );
    expect(failedNames(zip)).toContain('zip.layout.hidden-data');
  });

  it('fails two central records that share one local entry', () => {
    const zip = readZip(
      buildZip([MIMETYPE, { name: 'a.txt', data: 'x' }], { duplicateCentralOf: 1 }),
    );
    expect(failedNames(zip)).toEqual(
      expect.arrayContaining(['zip.layout.overlapping-entries', 'zip.name.duplicate']),
    );
  });

  it('fails a second end record hidden in the comment', () => {
    const inner = buildZip([{ name: 'other.txt', data: 'x' }]);
    const fakeEnd = inner.slice(inner.byteLength - 22);
    fakeEnd[20] = 0;
    fakeEnd[21] = 0;
    const zip = readZip(buildZip([MIMETYPE], { comment: fakeEnd.slice(0, 22) }));
    expect(failedNames(zip)).toContain('zip.eocd.unique');
    expect(zip.entries.map((e) => e.name)).toEqual(['mimetype']);
  });
});
