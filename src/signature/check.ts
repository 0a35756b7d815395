/**
 * One named check in a verification: what was checked, how it came out, and why in plain words.
 * Every part of the verifier (PDF coverage, ZIP structure, XAdES references, CMS crypto, chain,
 * revocation, timestamps) reports through this one shape, so the report lists all of them.
 */
export type CheckStatus = 'passed' | 'failed' | 'indeterminate' | 'warning' | 'not-applicable';

export interface Check {
  /** Stable dotted name, e.g. `pdf.byterange.covers-revision`, `zip.mimetype.first`. */
  name: string;
  status: CheckStatus;
  /** Plain words for a compliance officer; no personal codes. */
  detail: string;
}

export const check = (name: string, status: CheckStatus, detail: string): Check => ({
  name,
  status,
  detail,
});
export const passed = (name: string, detail: string): Check => check(name, 'passed', detail);
export const failed = (name: string, detail: string): Check => check(name, 'failed', detail);
export const indeterminate = (name: string, detail: string): Check =>
  check(name, 'indeterminate', detail);
export const warning = (name: string, detail: string): Check => check(name, 'warning', detail);
