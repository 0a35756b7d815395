import { describe, expect, it } from 'vitest';
import { analysePdf } from '../../../../src/signature/pades/analyse-pdf.js';
import { createVerifyContext, verifyDocument } from '../../../../src/signature/index.js';
import { TrustStore } from '../../../../src/signature/trust/trust-store.js';
import { MAX_COMPRESSION_RATIO } from '../../../../src/signature/asic/zip-limits.js';
import { signedBase } from '../pades/build-pdf.js';
import { file, mimetype, odfManifest, xadesSignature } from './asic-fixtures.js';
import { buildZip, type EntrySpec } from './zip-builder.js';

/**
 * Hostile containers through the verifier's front door (verifyDocument), as the pipeline sees
 * them: each must come back as a report that is not accepted and names the defect in words. The
 * reader-level checks behind these are in zip-reader.test.ts and container.test.ts.
 */
const ctx = createVerifyContext({
  trust: new TrustStore([]),
  offline: true,
  at: new Date('2026-01-02T03:04:05Z'),
});

const container = (data: EntrySpec, listed = data.name): Uint8Array =>
  buildZip([mimetype(), data, odfManifest([listed]), xadesSignature()]);

const verify = (name: string, bytes: Uint8Array) => verifyDocument(name, bytes, ctx);

describe('bad containers: the report names the defect', () => {
  it('when a data file is a zip bomb by ratio (50 MB of zeros in 50 KB), then it is refused as a zip bomb without inflating it', async () => {
    const bytes = container({
      name: 'bomb.txt',
      data: new Uint8Array(50 * 1024 * 1024),
      method: 8,
    });
    expect(bytes.length).toBeLessThan(100 * 1024);
    const report = await verify('bomb.asice', bytes);
    expect(report.accepted).toBe(false);
    expect(report.reasons[0]).toMatch(
      new RegExp(
        `^"bomb\\.txt" would expand \\d+ times; more than ${MAX_COMPRESSION_RATIO} is treated as a zip bomb$`,
      ),
    );
  });

  it('when a data file declares more than the absolute size limit, then the limit is named', async () => {
    const report = await verify(
      'huge.asice',
      container({
        name: 'huge.bin',
        data: 'x',
        method: 8,
        compressedSize: 1,
        uncompressedSize: 0xfffffff0,
      }),
    );
    expect(report.accepted).toBe(false);
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.name)).toContain(
      'zip.limits.entry-size',
    );
  });

  it.each([
    ['../evil.txt', '"../evil.txt" contains a ".." segment (path traversal)'],
    ['/etc/passwd', '"/etc/passwd" is absolute (starts with /)'],
  ])('when an entry is named %j, then it is refused with the reason', async (name, reason) => {
    const report = await verify('names.asice', container(file(name)));
    expect(report.accepted).toBe(false);
    expect(report.reasons).toContain(reason);
  });

  it('when an entry occurs twice (signed and forged), then the duplicate is named', async () => {
    const report = await verify(
      'dup.asice',
      buildZip([
        mimetype(),
        file('doc.txt', 'signed'),
        file('doc.txt', 'forged'),
        odfManifest(['doc.txt']),
        xadesSignature(),
      ]),
    );
    expect(report.accepted).toBe(false);
    expect(report.reasons).toContain('"doc.txt" occurs 2 times');
  });

  it('when an entry is encrypted, then it is refused as encrypted', async () => {
    const report = await verify('enc.asice', container({ ...file('doc.txt'), flags: 1 }));
    expect(report.accepted).toBe(false);
    expect(report.reasons).toContain('"doc.txt" is encrypted');
  });

  it('regression: when a signed PDF has a ZIP appended after %%EOF (a ZIP that is also a PDF), then it fails as a polyglot, not only a warning', async () => {
    const zip = buildZip([mimetype(), file('doc.txt', 'other content'), odfManifest(['doc.txt'])]);
    const bytes = Buffer.concat([signedBase().bytes(), zip]);
    const analysis = analysePdf(bytes);
    expect(analysis.problems).toContainEqual(
      expect.objectContaining({ name: 'pdf.structure.polyglot', status: 'failed' }),
    );
    const report = await verify('poly.pdf', bytes);
    expect(report.accepted).toBe(false);
    expect(report.reasons[0]).toMatch(/after the last %%EOF are a ZIP archive/);
  });

  it('when plain text follows the last %%EOF, then that stays a warning', () => {
    const bytes = Buffer.concat([
      signedBase().bytes(),
      Buffer.from('garbage appended by a gateway'),
    ]);
    expect(analysePdf(bytes).problems).toEqual([
      expect.objectContaining({ name: 'pdf.structure.trailing-bytes', status: 'warning' }),
    ]);
  });
});
