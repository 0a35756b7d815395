/**
 * What a raw form value means before any rule: text is put in Unicode NFC (viewers on macOS
 * write decomposed "ā" as "a" + U+0304, which would otherwise fail comparisons and length limits)
 * and trimmed; empty text counts as missing, because a viewer cannot tell an empty field from an
 * untouched one. Check marks stay booleans. Anything else (a number in a JSON file, null) is kept
 * as `invalid` so that the field can say so instead of guessing.
 */
export type PresentValue =
  { kind: 'missing' } | { kind: 'value'; value: string | boolean } | { kind: 'invalid' };

export function presentValue(raw: unknown): PresentValue {
  if (raw === undefined || raw === null) return { kind: 'missing' };
  if (typeof raw === 'boolean') return { kind: 'value', value: raw };
  if (typeof raw !== 'string') return { kind: 'invalid' };
  const text = raw.normalize('NFC').trim();
  return text === '' ? { kind: 'missing' } : { kind: 'value', value: text };
}
