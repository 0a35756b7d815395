import { describe, expect, it } from 'vitest';
import { coverageOfDataFiles } from '../../../../src/signature/asic/container.js';

describe('coverageOfDataFiles', () => {
  it('passes each data file every signature covers', () => {
    const checks = coverageOfDataFiles(
      ['a.txt', 'b.txt'],
      [
        ['a.txt', 'b.txt'],
        ['b.txt', 'a.txt'],
      ],
    );
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['asic.coverage.data-file', 'passed'],
      ['asic.coverage.data-file', 'passed'],
    ]);
  });

  it('fails an unsigned extra file (SiVa EE_SER-AEX-B-LT-V-34)', () => {
    const checks = coverageOfDataFiles(['signed.txt', 'unsigned.txt'], [['signed.txt']]);
    expect(checks.map((c) => c.status)).toEqual(['passed', 'failed']);
    expect(checks[1]?.detail).toContain('not signed by any signature');
  });

  it('fails a file that only some signatures cover (SiVa 3f_2s_1partly_signed)', () => {
    const checks = coverageOfDataFiles(
      ['a', 'b', 'c'],
      [
        ['a', 'b', 'c'],
        ['a', 'b'],
      ],
    );
    expect(checks.map((c) => c.status)).toEqual(['passed', 'passed', 'failed']);
    expect(checks[2]?.detail).toContain('signature(s) 2 of 2');
  });

  it('fails when there is no signature, or nothing to sign', () => {
    expect(coverageOfDataFiles(['a'], []).map((c) => [c.name, c.status])).toEqual([
      ['asic.coverage.signatures', 'failed'],
    ]);
    expect(coverageOfDataFiles([], [['a']]).map((c) => [c.name, c.status])).toEqual([
      ['asic.coverage.data-files', 'failed'],
    ]);
  });

  it('matches names exactly: a case variant is not the same file', () => {
    expect(coverageOfDataFiles(['Doc.txt'], [['doc.txt']]).map((c) => c.status)).toEqual([
      'failed',
    ]);
  });
});
