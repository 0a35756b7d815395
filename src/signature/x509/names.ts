import type * as pkijs from 'pkijs';

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export type NameFields = Readonly<Record<string, string>>;

/** Attribute values of a Name, by short name (the last one wins when repeated). */
export function nameFields(name: pkijs.RelativeDistinguishedNames): NameFields {
  const fields: Record<string, string> = {};
  for (const tv of name.typesAndValues) {
    const key = ATTRIBUTE_NAMES[tv.type] ?? tv.type;
    fields[key] = String(
      (tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value ?? '',
    );
  }
  return fields;
}

/** A readable one-line form, most specific first (CN=…, O=…, C=…). */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return [...name.typesAndValues]
    .reverse()
    .map(
      (tv) =>
        `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${String((tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value ?? '')}`,
    )
    .join(', ');
}
