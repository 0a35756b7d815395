import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';

/** Secrets only from files nobody else can read, or from the environment; never in messages. */
const dir = mkdtempSync(join(tmpdir(), 'intake-config-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withSecret = {
  smtp: { host: 'mail.agency.test', password: 'hunter2-the-smtp-secret' },
};

describe('a configuration file holding secrets', () => {
  it('is refused when others can read it, naming the keys but never the values', () => {
    const file = join(dir, 'open.json');
    writeFileSync(file, JSON.stringify(withSecret));
    chmodSync(file, 0o644);
    let message = '';
    try {
      loadConfig({ file, env: {} });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('smtp.password');
    expect(message).toContain('chmod 600');
    expect(message).not.toContain('hunter2');
  });

  it('is accepted when only its owner can read it, and without secrets any mode is fine', () => {
    const closed = join(dir, 'closed.json');
    writeFileSync(closed, JSON.stringify(withSecret), { mode: 0o600 });
    expect(loadConfig({ file: closed, env: {} }).smtp.password).toBe('hunter2-the-smtp-secret');
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify({ web: { port: 9090 } }));
    chmodSync(plain, 0o644);
    expect(loadConfig({ file: plain, env: {} }).web.port).toBe(9090);
  });

  it('can leave the secret to the environment instead', () => {
    const file = join(dir, 'no-secret.json');
    writeFileSync(file, JSON.stringify({ smtp: { host: 'mail.agency.test' } }));
    chmodSync(file, 0o644);
    const config = loadConfig({ file, env: { INTAKE_SMTP__PASSWORD: 'from-the-environment' } });
    expect(config.smtp.password).toBe('from-the-environment');
  });
});
