import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificatesFromBytes, loadTrustStore } from '../../../src/adapters/trust-files.js';
import { parseTrustedList } from '../../../src/signature/trust/trusted-list.js';
import { verifyTrustedListSignature } from '../../../src/signature/trust/verify-trusted-list-signature.js';
import { CORPUS_DIR, corpusAvailable } from '../../support/corpus.js';

/** Real trusted lists from the shared corpus (read in place): their own XML signatures. */
const trust = (p: string): string => join(CORPUS_DIR, 'trust', p);

describe.runIf(corpusAvailable())('trusted-list signatures', () => {
  it('a test list verifies against its operator certificate given out of band', () => {
    const signers = certificatesFromBytes(
      readFileSync(trust('libdigidocpp-test/TSL.crt')),
      'TSL.crt',
    );
    const result = verifyTrustedListSignature(
      readFileSync(trust('libdigidocpp-test/TSL.xml')),
      'TSL.xml',
      signers,
    );
    expect(result).toMatchObject({ ok: true });
  });

  it('the Latvian list (exclusive c14n, enveloped) verifies with its operator certificate', () => {
    const xml = readFileSync(trust('lv-tl-2023-09/LV-TL-seq41-2023-09-12.xml'));
    const operator = parseTrustedList(xml, 'LV-TL').signerCertificates;
    expect(operator.length).toBeGreaterThan(0);
    expect(verifyTrustedListSignature(xml, 'LV-TL', operator)).toMatchObject({ ok: true });
  });

  it('when one service entry of the list is altered, then the list is refused', () => {
    const xml = readFileSync(trust('lv-tl-2023-09/LV-TL-seq41-2023-09-12.xml'), 'utf8');
    const operator = parseTrustedList(Buffer.from(xml), 'LV-TL').signerCertificates;
    const altered = xml.replace('/Svcstatus/withdrawn', '/Svcstatus/granted');
    expect(altered).not.toBe(xml);
    const result = verifyTrustedListSignature(Buffer.from(altered), 'LV-TL', operator);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/changed after it was signed/);
  });

  it('when the list is signed by someone else than the given operator, then loading it fails', () => {
    expect(() =>
      loadTrustStore(
        [],
        [trust('lv-tl-2023-09/LV-TL-seq41-2023-09-12.xml')],
        [trust('libdigidocpp-test/TSL.crt')],
      ),
    ).toThrow(/trusted list refused: .*not signed by any of the given/);
  });
});
