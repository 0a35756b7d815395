import { describe, expect, it } from 'vitest';
import type { AsicContainer } from '../../../../src/signature/asic/container.js';
import { inspectContainer } from '../../../../src/signature/asic/container.js';
import { readZip } from '../../../../src/signature/asic/zip-reader.js';
import type { EntrySpec } from './zip-builder.js';
import { buildZip } from './zip-builder.js';
import { asicManifest, file, mimetype, sha256 } from './asic-fixtures.js';

const signature: EntrySpec = { name: 'META-INF/signature001.p7s', data: 'cms' };
const inspect = (entries: EntrySpec[]): AsicContainer =>
  inspectContainer(readZip(buildZip(entries)));
const byName = (c: AsicContainer, name: string) => c.checks.filter((check) => check.name === name);

describe('ASiCManifest: an ASiC-E with CAdES', () => {
  it('passes when every reference is present with its digest', () => {
    const c = inspect([
      mimetype(),
      file('a.txt', 'alpha'),
      file('b c.txt', 'beta'),
      asicManifest([
        { uri: 'a.txt', digest: sha256('alpha') },
        { uri: 'b%20c.txt', digest: sha256('beta') },
      ]),
      signature,
    ]);
    expect(c.problems).toEqual([]);
    expect(c.kind).toBe('ASiC-E');
    expect(c.asicManifests).toEqual([
      expect.objectContaining({
        entry: 'META-INF/ASiCManifest001.xml',
        sigReference: 'META-INF/signature001.p7s',
        references: [
          expect.objectContaining({ uri: 'a.txt', path: 'a.txt' }),
          expect.objectContaining({ uri: 'b%20c.txt', path: 'b c.txt' }),
        ],
      }),
    ]);
    expect(byName(c, 'asic.asicmanifest.digest').map((x) => x.status)).toEqual([
      'passed',
      'passed',
    ]);
  });

  it('fails a data file changed after signing (DSS brokenReference)', () => {
    const c = inspect([
      mimetype(),
      file('a.txt', 'altered'),
      asicManifest([{ uri: 'a.txt', digest: sha256('alpha') }]),
      signature,
    ]);
    expect(byName(c, 'asic.asicmanifest.digest').map((x) => x.status)).toEqual(['failed']);
  });

  it('fails a referenced file that was removed (DSS removedReference)', () => {
    const c = inspect([
      mimetype(),
      file('b.txt', 'beta'),
      asicManifest([
        { uri: 'a.txt', digest: sha256('alpha') },
        { uri: 'b.txt', digest: sha256('beta') },
      ]),
      signature,
    ]);
    expect(byName(c, 'asic.asicmanifest.reference-present').map((x) => x.status)).toEqual([
      'failed',
    ]);
  });

  it('fails an ASiCManifest that is not XML (DSS brokenReferenceAndAlteredManifest)', () => {
    const c = inspect([
      mimetype(),
      file('a.txt'),
      { name: 'META-INF/ASiCManifest.xml', data: 'bla' },
      signature,
    ]);
    expect(c.problems.filter((x) => x.status === 'failed').map((x) => x.name)).toEqual([
      'asic.asicmanifest.well-formed',
      'asic.e.token-has-manifest',
    ]);
  });

  it('fails references with traversal, and a signature reference to a missing file', () => {
    const c = inspect([
      mimetype(),
      file('a.txt', 'alpha'),
      asicManifest([{ uri: '../a.txt', digest: sha256('alpha') }], 'META-INF/signature999.p7s'),
      signature,
    ]);
    const failed = c.problems.filter((x) => x.status === 'failed').map((x) => x.name);
    expect(failed).toEqual(
      expect.arrayContaining([
        'asic.asicmanifest.reference-path',
        'asic.asicmanifest.sig-reference',
        'asic.e.token-has-manifest',
      ]),
    );
  });

  it('is indeterminate for a digest method it does not know, failed for a digest that is not base64', () => {
    const c = inspect([
      mimetype(),
      file('a.txt', 'alpha'),
      file('b.txt', 'beta'),
      asicManifest([
        { uri: 'a.txt', digest: sha256('alpha'), algorithm: 'urn:example:md2' },
        { uri: 'b.txt', digest: '***' },
      ]),
      signature,
    ]);
    expect(byName(c, 'asic.asicmanifest.digest').map((x) => x.status)).toEqual([
      'indeterminate',
      'failed',
    ]);
  });

  it('fails a CMS signature that no ASiCManifest names', () => {
    const c = inspect([mimetype(), file('a.txt'), signature]);
    expect(c.problems.filter((x) => x.status === 'failed').map((x) => x.name)).toEqual(
      expect.arrayContaining(['asic.e.asicmanifest-present', 'asic.e.token-has-manifest']),
    );
  });
});
