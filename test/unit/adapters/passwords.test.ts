import { describe, expect, it } from 'vitest';
import {
  generatePassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  verifyPassword,
} from '../../../src/adapters/passwords.js';

describe('staff password hashes', () => {
  it('a hash verifies its password and no other, and two hashes of one password differ', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
  });

  it('too short or too long passwords are refused before hashing; a long one never verifies', async () => {
    await expect(hashPassword('short')).rejects.toThrow(/12 to 256/);
    await expect(hashPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1))).rejects.toThrow(RangeError);
    const hash = await hashPassword('y'.repeat(MAX_PASSWORD_LENGTH));
    expect(await verifyPassword('y'.repeat(MAX_PASSWORD_LENGTH + 1), hash)).toBe(false);
  });

  it('a malformed stored hash never verifies', async () => {
    expect(await verifyPassword('anything at all', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('anything at all', 'bcrypt$x$y$z$a$b')).toBe(false);
  });

  it('generated passwords are 20 url-safe characters', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[\w-]{20}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
