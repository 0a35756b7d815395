import { describe, expect, it } from 'vitest';
import type { AsicContainer } from '../../../../src/signature/asic/container.js';
import { inspectContainer } from '../../../../src/signature/asic/container.js';
import { readZip } from '../../../../src/signature/asic/zip-reader.js';
import type { EntrySpec } from './zip-builder.js';
import { buildZip } from './zip-builder.js';
import { ASIC_S, file, mimetype, odfManifest, xadesSignature } from './asic-fixtures.js';

const inspect = (entries: EntrySpec[], fileName?: string): AsicContainer =>
  inspectContainer(readZip(buildZip(entries)), fileName);
const statusOf = (container: AsicContainer, name: string): string[] =>
  container.checks.filter((c) => c.name === name).map((c) => c.status);
const failedNames = (container: AsicContainer): string[] =>
  container.problems.filter((c) => c.status === 'failed').map((c) => c.name);

const validE = (): EntrySpec[] => [
  mimetype(),
  file('doc.txt'),
  odfManifest(['doc.txt']),
  xadesSignature(),
];

describe('inspectContainer: a well-formed ASiC-E', () => {
  it('is ASiC-E with one data file and no problems', () => {
    const container = inspect(validE(), 'application.asice');
    expect(container.problems).toEqual([]);
    expect(container.kind).toBe('ASiC-E');
    expect(container.mimetype).toBe('application/vnd.etsi.asic-e+zip');
    expect(container.dataFiles).toEqual(['doc.txt']);
    expect(container.signatureFiles.xades).toEqual(['META-INF/signatures0.xml']);
    expect(container.manifest?.fileEntries).toEqual([
      { fullPath: 'doc.txt', mediaType: 'text/plain' },
    ]);
  });
});

describe('inspectContainer: mimetype faults that real validators accept are warnings', () => {
  it('when the mimetype is deflated', () => {
    const c = inspect([mimetype(undefined, { method: 8 }), ...validE().slice(1)]);
    expect(statusOf(c, 'asic.mimetype.stored')).toEqual(['warning']);
    expect(failedNames(c)).toEqual([]);
  });

  it('when the mimetype is the last entry', () => {
    const c = inspect([...validE().slice(1), mimetype()]);
    expect(statusOf(c, 'asic.mimetype.first')).toEqual(['warning']);
    expect(failedNames(c)).toEqual([]);
  });

  it('when the mimetype has an extra field in its local header', () => {
    const c = inspect([
      mimetype(undefined, { localExtra: new Uint8Array([0x55, 0x54, 1, 0, 0]) }),
      ...validE().slice(1),
    ]);
    expect(statusOf(c, 'asic.mimetype.no-extra-field')).toEqual(['warning']);
    expect(failedNames(c)).toEqual([]);
  });

  it('when the mimetype is missing: the kind comes from the layout, or else the file name', () => {
    const e = inspect(validE().slice(1), 'x.bdoc');
    expect(statusOf(e, 'asic.mimetype.present')).toEqual(['warning']);
    expect(e.kind).toBe('ASiC-E');
    expect(failedNames(e)).toEqual([]);
    const s = inspect([file('doc.txt'), xadesSignature('META-INF/signatures.xml')], 'x.asics');
    expect(s.kind).toBe('ASiC-S');
    expect(failedNames(s)).toEqual([]);
  });
});

describe('inspectContainer: a mimetype that lies fails', () => {
  it('when its value is not an ASiC media type', () => {
    const c = inspect([mimetype('application/zip'), ...validE().slice(1)]);
    expect(statusOf(c, 'asic.mimetype.value')).toEqual(['failed']);
    expect(c.kind).toBe('ASiC-E');
  });

  it('when it says ASiC-S over an ASiC-E layout', () => {
    const c = inspect([mimetype(ASIC_S), ...validE().slice(1)]);
    expect(failedNames(c)).toContain('asic.mimetype.matches-layout');
  });

  it('when it says ASiC-E over a lone ASiC-S time-stamp (libdigidocpp test-invalid.asics)', () => {
    const c = inspect(
      [mimetype(), file('doc.txt'), { name: 'META-INF/timestamp.tst', data: 'tst' }],
      'x.asics',
    );
    expect(failedNames(c)).toContain('asic.mimetype.matches-layout');
    expect(statusOf(c, 'asic.extension.matches-kind')).toEqual(['warning']);
  });

  it('when a look-alike name poses as the mimetype (SiVa: "Mimetype", "mimetype ")', () => {
    for (const name of ['Mimetype', 'mimetype ']) {
      const c = inspect([{ name, data: 'application/vnd.etsi.asic-e+zip' }, ...validE().slice(1)]);
      expect(failedNames(c)).toEqual(
        expect.arrayContaining(['asic.mimetype.name', 'asic.manifest.data-files-listed']),
      );
    }
  });

  it('turns packaging warnings into failures when nothing else says this is a signature container', () => {
    const c = inspect([file('doc.txt'), mimetype(undefined, { method: 8 })]);
    expect(failedNames(c)).toEqual(
      expect.arrayContaining([
        'asic.mimetype.stored',
        'asic.mimetype.first',
        'asic.signature-files.present',
      ]),
    );
  });
});

describe('inspectContainer: manifest.xml must match the data files', () => {
  it('fails a listed file that is not in the container (signed file deleted)', () => {
    const c = inspect([
      mimetype(),
      file('doc.txt'),
      odfManifest(['doc.txt', 'gone.pdf']),
      xadesSignature(),
    ]);
    expect(failedNames(c)).toEqual(['asic.manifest.listed-files-present']);
  });

  it('fails a data file the manifest does not list (file added after signing)', () => {
    const c = inspect([...validE(), file('added.pdf')]);
    expect(failedNames(c)).toEqual(['asic.manifest.data-files-listed']);
  });

  it.each([['../doc.txt'], ['.'], [''], ['/doc.txt'], ['folder/../doc.txt']])(
    'fails the manifest path %j (libdigidocpp dot, pt-empty, asice-relative)',
    (path) => {
      const c = inspect([
        mimetype(),
        file('doc.txt'),
        odfManifest(['doc.txt', path]),
        xadesSignature(),
      ]);
      expect(failedNames(c)).toContain('asic.manifest.entry-path');
    },
  );

  it('fails a file listed twice', () => {
    const c = inspect([
      mimetype(),
      file('doc.txt'),
      odfManifest(['doc.txt', 'doc.txt']),
      xadesSignature(),
    ]);
    expect(failedNames(c)).toContain('asic.manifest.unique-entries');
  });

  it('fails a manifest that is not well-formed or carries a DTD', () => {
    for (const data of ['<manifest', '<!DOCTYPE x [<!ENTITY a "b">]><x/>', '<other/>']) {
      const c = inspect([
        mimetype(),
        file('doc.txt'),
        { name: 'META-INF/manifest.xml', data },
        xadesSignature(),
      ]);
      expect(failedNames(c)).toContain('asic.manifest.well-formed');
    }
  });

  it('fails a manifest root type that contradicts the mimetype, warns when it is missing', () => {
    const contradicting = inspect([
      mimetype(),
      file('doc.txt'),
      odfManifest(['doc.txt'], ASIC_S),
      xadesSignature(),
    ]);
    expect(statusOf(contradicting, 'asic.manifest.root-entry')).toEqual(['failed']);
    const missing = inspect([
      mimetype(),
      file('doc.txt'),
      odfManifest(['doc.txt'], null),
      xadesSignature(),
    ]);
    expect(statusOf(missing, 'asic.manifest.root-entry')).toEqual(['warning']);
  });
});

describe('inspectContainer: folder rules', () => {
  it('fails a META-INF that is not at the root (SiVa MetaInfNotInRoot)', () => {
    const c = inspect(
      [mimetype(ASIC_S), file('doc.txt'), { name: 'data/META-INF/timestamp.tst', data: 't' }],
      'x.asics',
    );
    expect(failedNames(c)).toEqual(
      expect.arrayContaining(['asic.meta-inf.at-root', 'asic.signature-files.present']),
    );
  });

  it('fails a lower-case meta-inf folder posing as the signature folder', () => {
    const c = inspect([...validE(), { name: 'meta-inf/signatures1.xml', data: '<x/>' }]);
    expect(failedNames(c)).toContain('asic.meta-inf.at-root');
  });

  it('fails a container without data files', () => {
    const c = inspect([mimetype(), odfManifest([]), xadesSignature()]);
    expect(failedNames(c)).toContain('asic.data-files.present');
  });

  it('refuses unsigned files hidden in META-INF (no signature covers them, a reader can open them)', () => {
    const c = inspect([...validE(), { name: 'META-INF/payment-details.pdf', data: 'x' }]);
    expect(statusOf(c, 'asic.meta-inf.unknown-files')).toEqual(['failed']);
  });
});

describe('inspectContainer: ASiC-S holds one data object at the root', () => {
  const signatureS = xadesSignature('META-INF/signatures.xml');

  it('passes one root data file', () => {
    const c = inspect([mimetype(ASIC_S), file('doc.txt'), signatureS], 'x.scs');
    expect(c.kind).toBe('ASiC-S');
    expect(c.problems).toEqual([]);
  });

  it('fails two data files (SiVa TwoDataFilesAsics)', () => {
    const c = inspect([mimetype(ASIC_S), file('a.txt'), file('b.txt'), signatureS]);
    expect(failedNames(c)).toContain('asic.s.single-data-file');
  });

  it('fails a data file in a folder (libdigidocpp asics-subfolder) and extra folders (SiVa FoldersInAsics)', () => {
    const sub = inspect([mimetype(ASIC_S), file('folder/doc.txt'), signatureS]);
    expect(failedNames(sub)).toContain('asic.s.no-folders');
    const folders = inspect([
      mimetype(ASIC_S),
      file('doc.txt'),
      { name: 'META/', data: '' },
      signatureS,
    ]);
    expect(failedNames(folders)).toContain('asic.s.no-folders');
  });
});
