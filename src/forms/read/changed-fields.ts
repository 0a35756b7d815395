import type { FormValues } from '../form-values.js';

/** Field names added, removed or given another value between two readings, sorted. */
export function changedFields(signed: FormValues, final: FormValues): string[] {
  const names = new Set([...Object.keys(signed), ...Object.keys(final)]);
  return [...names]
    .filter(
      (name) =>
        !Object.hasOwn(signed, name) || !Object.hasOwn(final, name) || signed[name] !== final[name],
    )
    .sort();
}
