/**
 * Masking of personal data in free text. Log lines and recorded reasons pass through here, so a
 * personal code in a subject line or a certificate name never reaches a log file.
 */

/**
 * Latvian personal codes: DDMMYY-NNNNN (the first digit 0–3, a month 01–12) or the newer
 * 32XXXX-XXXXX; with or without the hyphen. Institution registration numbers start with 4, 5 or 9
 * and are not personal, so they stay readable.
 */
const LV_PERSONAL_CODE = /\b(?:[0-2]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{5}\b|\b32\d{4}-?\d{5}\b/g;
/** ETSI EN 319 412-1 semantics identifiers for natural persons, as in certificate serialNumber. */
const ETSI_PERSON_ID = /\b(?:PNO|IDC|PAS)[A-Z]{2}-[A-Za-z0-9-]+/g;
// Bare Estonian/Lithuanian personal codes (11 digits from 3–6) are not matched: they cannot be
// told from Latvian company registration numbers (4000…, 5000…). Foreign signers' codes reach us
// inside certificate names, as PNOEE-…, which the ETSI pattern covers.

export const MASK = '[redacted]';

export function maskPersonalCodes(text: string): string {
  return text.replace(ETSI_PERSON_ID, MASK).replace(LV_PERSONAL_CODE, MASK);
}

/** Object keys whose values are secret whatever they look like. */
export const SECRET_KEYS =
  /^(password|pass|pin|secret|token|key|privateKey|authorization|cookie|sessionSecret)$/i;

/** Deeply copies a value, replacing secrets by key and personal codes in every string. */
export function redactValue(value: unknown, depth = 0): unknown {
  // Log objects are shallow in practice; past this depth the value is summarised, not walked.
  const MAX_DEPTH = 8;
  if (typeof value === 'string') return maskPersonalCodes(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[deep]';
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskPersonalCodes(value.message),
      stack: value.stack && maskPersonalCodes(value.stack),
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.test(k) ? MASK : redactValue(v, depth + 1);
  }
  return out;
}
