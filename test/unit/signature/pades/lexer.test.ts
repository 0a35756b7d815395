import { describe, expect, it } from 'vitest';
import { parseIndirectObject } from '../../../../src/signature/pades/parse-indirect-object.js';
import { parseValue } from '../../../../src/signature/pades/parse-value.js';
import { extractDer } from '../../../../src/signature/pades/signature-contents.js';
import { parsePdfDate } from '../../../../src/signature/pades/pdf-date.js';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const parse = (text: string) => parseValue(bytes(text), 0).value;

describe('PDF object syntax', () => {
  it('reads names with #xx escapes', () => {
    expect(parse('/A#20B')).toEqual({ kind: 'name', value: 'A B' });
  });

  it('reads hex strings with whitespace and an odd digit, keeping their offsets', () => {
    const value = parse('  <41 4>');
    expect(value.kind === 'string' && [...value.bytes]).toEqual([0x41, 0x40]);
    expect(value).toMatchObject({ hex: true, start: 2, end: 8 });
  });

  it('reads literal strings with nesting, escapes and octal codes', () => {
    const value = parse('(a(b)\\n\\101\\\nc)');
    expect(value.kind === 'string' && Buffer.from(value.bytes).toString('latin1')).toBe('a(b)\nAc');
  });

  it('reads references, numbers, booleans and null inside dictionaries', () => {
    const value = parse('<< /R 12 0 R /N [1 -2.5 +3 .5] /B true /Z null >>');
    expect(value.kind).toBe('dict');
    if (value.kind !== 'dict') return;
    expect(value.entries.get('R')).toEqual({ kind: 'ref', num: 12, gen: 0 });
    expect(value.entries.get('N')).toEqual({
      kind: 'array',
      items: [
        { kind: 'number', value: 1, integer: true },
        { kind: 'number', value: -2.5, integer: false },
        { kind: 'number', value: 3, integer: true },
        { kind: 'number', value: 0.5, integer: false },
      ],
    });
    expect(value.entries.get('B')).toEqual({ kind: 'boolean', value: true });
    expect(value.entries.get('Z')).toEqual({ kind: 'null' });
  });

  it('reads a stream whose /Length is indirect', () => {
    const object = parseIndirectObject(
      bytes('7 0 obj\n<< /Length 8 0 R >>\nstream\nhello\nendstream\nendobj\n'),
      0,
      (ref) => (ref.num === 8 ? 5 : undefined),
    );
    expect(object.body.kind === 'stream' && Buffer.from(object.body.data).toString()).toBe('hello');
    expect(object.lengthMismatch).toBe(false);
  });

  it('flags a wrong /Length but still finds the data', () => {
    const object = parseIndirectObject(
      bytes('7 0 obj\n<< /Length 2 >>\nstream\nhello\nendstream\nendobj\n'),
      0,
      () => undefined,
    );
    expect(object.lengthMismatch).toBe(true);
    expect(object.body.kind === 'stream' && Buffer.from(object.body.data).toString()).toBe('hello');
  });
});

describe('signature /Contents', () => {
  it('trims zero padding by the DER length', () => {
    const { der, check } = extractDer(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01, 0, 0, 0]));
    expect([...der]).toEqual([0x30, 0x03, 0x02, 0x01, 0x01]);
    expect(check.status).toBe('passed');
  });

  it('follows BER indefinite lengths, as many signers emit them', () => {
    const ber = [0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00];
    const { der, check } = extractDer(Uint8Array.from([...ber, 0, 0]));
    expect(der.length).toBe(ber.length);
    expect(check.status).toBe('passed');
  });

  it('fails when the DER length runs past /Contents', () => {
    expect(extractDer(Uint8Array.from([0x30, 0x82, 0x10, 0x00, 0x01])).check.status).toBe('failed');
  });
});

describe('PDF dates', () => {
  it("reads D:YYYYMMDDHHmmSS+HH'mm'", () => {
    expect(parsePdfDate("D:20240102030405+01'00'")?.toISOString()).toBe('2024-01-02T02:04:05.000Z');
    expect(parsePdfDate('garbage')).toBeUndefined();
  });
});
