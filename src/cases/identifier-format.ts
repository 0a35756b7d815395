/**
 * E-service identifiers from a configured template: `{YYYY}` is the year of registration and a run
 * of `N` in braces is the sequence number, zero-padded to that width (default `EP-{YYYY}-{NNNNN}`,
 * giving `EP-2026-00042`). The sequence lives in a database counter per year, so an identifier is
 * never handed out twice, even after the e-service is deleted.
 */
export const DEFAULT_IDENTIFIER_FORMAT = 'EP-{YYYY}-{NNNNN}';

const TOKEN = /\{(YYYY|N+)\}/g;

export function checkIdentifierFormat(template: string): string | undefined {
  const sequences = template.match(/\{N+\}/g) ?? [];
  if (sequences.length !== 1) return 'the identifier format needs exactly one {N…} sequence';
  if (/[{}]/.test(template.replace(TOKEN, ''))) return 'unknown placeholder in identifier format';
  return undefined;
}

export function formatIdentifier(template: string, year: number, sequence: number): string {
  return template.replace(TOKEN, (_, token: string) =>
    token === 'YYYY' ? String(year) : String(sequence).padStart(token.length, '0'),
  );
}

/** The counter a template draws from: one per year when the year is part of the identifier. */
export function identifierCounter(template: string, year: number): string {
  return template.includes('{YYYY}') ? `eservice-identifier:${year}` : 'eservice-identifier';
}

/** A pattern matching what the template produces (a sequence may outgrow its padding). */
export function identifierPattern(template: string): RegExp {
  let source = '';
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    source += escape(template.slice(last, match.index));
    const token = match[1] ?? '';
    source += token === 'YYYY' ? '\\d{4}' : `\\d{${token.length},}`;
    last = (match.index ?? 0) + match[0].length;
  }
  source += escape(template.slice(last));
  return new RegExp(`^${source}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
