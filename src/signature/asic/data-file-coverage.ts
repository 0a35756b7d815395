import type { Check } from '../check.js';
import { failed, passed } from '../check.js';

/**
 * Whether every signature covers every data file. `coveredBySignature[i]` lists the container
 * paths (already percent-decoded, exactly as ZIP entry names) that signature i signs. A data file
 * that even one signature leaves out is `failed`: a person opening the container sees it next to
 * the signatures and would take it as signed by all signers, so the document is not accepted
 * (SiVa's policy; DSS only warns, which is too weak for an intake that acts on the content).
 */
export function coverageOfDataFiles(
  dataFiles: readonly string[],
  coveredBySignature: ReadonlyArray<readonly string[]>,
): Check[] {
  if (coveredBySignature.length === 0)
    return [
      failed('asic.coverage.signatures', 'the container has no signature covering its files'),
    ];
  if (dataFiles.length === 0)
    return [failed('asic.coverage.data-files', 'the container has no data file to be signed')];
  const sets = coveredBySignature.map((paths) => new Set(paths));
  return dataFiles.map((file) => {
    const missing = sets
      .map((set, index) => (set.has(file) ? null : index + 1))
      .filter((index): index is number => index !== null);
    const label = JSON.stringify(file);
    if (missing.length === 0)
      return passed(
        'asic.coverage.data-file',
        sets.length === 1
          ? `${label} is signed`
          : `${label} is signed by all ${sets.length} signatures`,
      );
    return failed(
      'asic.coverage.data-file',
      missing.length === sets.length
        ? `${label} is not signed by any signature`
        : `${label} is not signed by signature(s) ${missing.join(', ')} of ${sets.length}`,
    );
  });
}
