import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectContainer } from '../../src/signature/asic/container.js';
import { ZipFormatError } from '../../src/signature/asic/zip-format-error.js';
import { readZip } from '../../src/signature/asic/zip-reader.js';
import { createVerifyContext, verifyDocument } from '../../src/signature/index.js';
import { TrustStore } from '../../src/signature/trust/trust-store.js';
import { writeZip } from '../../scripts/pki/write-zip.js';
import { ASIC_E, asicManifest, odfManifest, sha256 } from '../unit/signature/asic/asic-fixtures.js';
import { buildZip, type EntrySpec, type ZipSpec } from '../unit/signature/asic/zip-builder.js';
import {
  expectOnly,
  FUZZ_RUNS,
  FUZZ_SEED,
  fuzzParameters,
  fuzzTimeout,
  garbage,
  mutated,
} from './fuzz-settings.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const AT = new Date('2026-01-02T03:04:05Z');

const VALID: Uint8Array[] = [
  writeZip(
    [
      { name: 'mimetype', bytes: text(ASIC_E), compression: 'store' },
      { name: 'iesniegums.txt', bytes: text('x'.repeat(300)), compression: 'deflate' },
      {
        name: 'META-INF/manifest.xml',
        bytes: text(odfManifest(['iesniegums.txt']).data as string),
        compression: 'deflate',
      },
      {
        name: 'META-INF/signatures0.xml',
        bytes: text('<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"/>'),
        compression: 'deflate',
      },
    ],
    AT,
  ),
  buildZip([
    { name: 'mimetype', data: ASIC_E },
    { name: 'doc.txt', data: 'hello', method: 8, dataDescriptor: true },
    asicManifest([{ uri: 'doc.txt', digest: sha256('hello') }]),
    { name: 'META-INF/signature001.p7s', data: '0\u0003\u0002\u0001\u0001' },
  ]),
];

const ZIP_TOKENS = [
  'PK\u0003\u0004',
  'PK\u0001\u0002',
  'PK\u0005\u0006',
  'PK\u0006\u0006',
  'PK\u0006\u0007',
  'mimetype',
  '\u0000\u0000\u0000\u0000',
  '\u00ff\u00ff\u00ff\u00ff',
];

/** Reads the archive the way the verifier does; only ZipFormatError may escape. */
const readLikeTheVerifier = (bytes: Uint8Array): void => {
  let zip;
  try {
    zip = readZip(bytes);
  } catch (error) {
    expectOnly(error, [ZipFormatError]);
    expect((error as Error).message).toMatch(/\S/);
    return;
  }
  const container = inspectContainer(zip, 'fuzz.asice');
  for (const check of container.checks) expect(check.detail).toMatch(/\S/);
  for (const entry of zip.entries) {
    try {
      zip.read(entry.name);
    } catch (error) {
      expectOnly(error, [ZipFormatError]);
    }
  }
};

/** Archives built field by field with the quirks a forger chooses (zip-builder's overrides). */
const u32 = fc.oneof(fc.constantFrom(0, 1, 0xffff, 0xffffffff, 0x7fffffff), fc.nat());
const entryName = fc.oneof(
  fc.constantFrom(
    'mimetype',
    'META-INF/manifest.xml',
    'META-INF/signatures0.xml',
    'doc.txt',
    '../x',
    '/abs',
    'a//b',
    'META-INF/',
  ),
  fc.string({ maxLength: 20 }),
);
const entrySpec: fc.Arbitrary<EntrySpec> = fc.record(
  {
    name: entryName,
    data: fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
    method: fc.constantFrom(0, 8, 12, 99),
    flags: fc.constantFrom(0, 1, 8, 0x800, 0xffff),
    localName: entryName,
    localMethod: fc.constantFrom(0, 8),
    localExtra: fc.uint8Array({ maxLength: 12 }),
    crc: u32,
    uncompressedSize: u32,
    compressedSize: u32,
    localUncompressedSize: u32,
    dataDescriptor: fc.boolean(),
    gapAfter: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  },
  { requiredKeys: ['name'] },
);
const zipSpec: fc.Arbitrary<ZipSpec> = fc.record(
  {
    prefix: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    suffix: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    comment: fc.uint8Array({ maxLength: 8 }),
    zip64: fc.boolean(),
    duplicateCentralOf: fc.nat({ max: 4 }),
    declaredEntryCount: fc.nat({ max: 20 }),
  },
  { requiredKeys: [] },
);
const forged = fc
  .tuple(fc.array(entrySpec, { maxLength: 5 }), zipSpec)
  .map(([entries, spec]) => buildZip(entries, spec));

describe(`fuzz: ZIP reader and ASiC container (seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs)`, () => {
  it(
    'when the bytes are arbitrary, then only ZipFormatError or a container report comes back',
    () => {
      fc.assert(fc.property(garbage(ZIP_TOKENS), readLikeTheVerifier), fuzzParameters());
    },
    fuzzTimeout(10),
  );

  it(
    'when a valid container is mutated, then only ZipFormatError or a container report comes back',
    () => {
      fc.assert(fc.property(mutated(VALID), readLikeTheVerifier), fuzzParameters());
    },
    fuzzTimeout(10),
  );

  it(
    'when an archive is forged field by field, then only ZipFormatError or a container report comes back',
    () => {
      fc.assert(fc.property(forged, readLikeTheVerifier), fuzzParameters());
    },
    fuzzTimeout(10),
  );

  it(
    'when a mutated container is verified, then the report names a reason and nothing throws',
    async () => {
      const ctx = createVerifyContext({ trust: new TrustStore([]), offline: true, at: AT });
      await fc.assert(
        fc.asyncProperty(mutated(VALID), async (bytes) => {
          const report = await verifyDocument('fuzz.asice', bytes, ctx);
          expect(report.accepted).toBe(false);
          expect(report.reasons.length).toBeGreaterThan(0);
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeout(30),
  );
});
