/** Reading a validated form's fields without trusting their shape at compile time. */
export function text(data: Record<string, unknown> | null, key: string): string | null {
  const value = data?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

export function flag(data: Record<string, unknown> | null, key: string): boolean {
  const value = data?.[key];
  return value === true || value === 'yes';
}

export function language(data: Record<string, unknown> | null): 'lv' | 'en' {
  return text(data, 'language') === 'en' ? 'en' : 'lv';
}

/** A field of a nested group, e.g. the production request's `contact.email`. */
export function nestedText(
  data: Record<string, unknown> | null,
  group: string,
  key: string,
): string | null {
  const inner = data?.[group];
  return typeof inner === 'object' && inner !== null
    ? text(inner as Record<string, unknown>, key)
    : null;
}
