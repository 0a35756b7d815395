import { describe, expect, it } from 'vitest';
import {
  checkIdentifierFormat,
  DEFAULT_IDENTIFIER_FORMAT,
  formatIdentifier,
  identifierPattern,
} from '../../../src/cases/identifier-format.js';

describe('e-service identifiers', () => {
  it('the default format gives identifiers like EP-2026-00042', () => {
    expect(formatIdentifier(DEFAULT_IDENTIFIER_FORMAT, 2026, 42)).toBe('EP-2026-00042');
  });

  it('a sequence that outgrows its padding keeps all its digits and still matches', () => {
    const id = formatIdentifier(DEFAULT_IDENTIFIER_FORMAT, 2026, 123456);
    expect(id).toBe('EP-2026-123456');
    expect(identifierPattern(DEFAULT_IDENTIFIER_FORMAT).test(id)).toBe(true);
  });

  it('the pattern matches exactly what the format produces', () => {
    const pattern = identifierPattern('VISS.{NNN}-{YYYY}');
    expect(pattern.test('VISS.007-2027')).toBe(true);
    expect(pattern.test('VISSX007-2027')).toBe(false);
    expect(pattern.test('EP-2026-00042')).toBe(false);
  });

  it('a format without exactly one sequence, or with an unknown placeholder, is refused', () => {
    expect(checkIdentifierFormat('EP-{YYYY}')).toMatch(/exactly one/);
    expect(checkIdentifierFormat('EP-{NN}-{NNN}')).toMatch(/exactly one/);
    expect(checkIdentifierFormat('EP-{MM}-{NNN}')).toMatch(/unknown placeholder/);
    expect(checkIdentifierFormat(DEFAULT_IDENTIFIER_FORMAT)).toBeUndefined();
  });
});
