import { check, type Check, type CheckStatus } from '../check.js';
import type { IndicationHint, XadesSubIndication } from './types.js';

/**
 * A check plus, when it failed, the sub-indication the failure stands for. Only the Check goes
 * into the report; the sub-indication feeds the indication hint.
 */
export interface Finding {
  check: Check;
  failure?: XadesSubIndication;
}

export class Findings {
  readonly list: Finding[] = [];

  add(name: string, status: CheckStatus, detail: string, failure?: XadesSubIndication): void {
    const finding: Finding = { check: check(name, status, detail) };
    if (failure !== undefined && (status === 'failed' || status === 'indeterminate'))
      finding.failure = failure;
    this.list.push(finding);
  }

  passed(name: string, detail: string): void {
    this.add(name, 'passed', detail);
  }

  failed(name: string, detail: string, failure: XadesSubIndication): void {
    this.add(name, 'failed', detail, failure);
  }

  warning(name: string, detail: string): void {
    this.add(name, 'warning', detail);
  }

  indeterminate(name: string, detail: string, failure?: XadesSubIndication): void {
    this.add(name, 'indeterminate', detail, failure);
  }

  checks(): Check[] {
    return this.list.map((finding) => finding.check);
  }

  hint(): IndicationHint | undefined {
    return worstIndication(this.list.flatMap((f) => (f.failure ? [f.failure] : [])));
  }
}

/**
 * Worst first. A broken digest or signature value proves alteration, so it outranks a format
 * problem; those three are TOTAL_FAILED. Missing data or an unidentifiable signer could still be
 * cured (INDETERMINATE) and so rank below any proof of failure.
 */
const SEVERITY: readonly XadesSubIndication[] = [
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'FORMAT_FAILURE',
  'SIGNED_DATA_NOT_FOUND',
  'NO_SIGNING_CERTIFICATE_FOUND',
];

const TOTAL_FAILED: ReadonlySet<XadesSubIndication> = new Set([
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'FORMAT_FAILURE',
]);

export function worstIndication(
  failures: readonly XadesSubIndication[],
): IndicationHint | undefined {
  for (const subIndication of SEVERITY)
    if (failures.includes(subIndication))
      return {
        indication: TOTAL_FAILED.has(subIndication) ? 'TOTAL_FAILED' : 'INDETERMINATE',
        subIndication,
      };
  return undefined;
}
