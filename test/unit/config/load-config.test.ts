import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig, validateConfig } from '../../../src/config/index.js';
import { isAppError } from '../../../src/errors/index.js';

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('configuration', () => {
  it('when nothing is configured, then the embedded defaults are valid and frozen', () => {
    const config = loadConfig({ env: {} });
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.web.port).toBe(8080);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.web)).toBe(true);
    expect(() => {
      (config.web as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('when environment variables are set, then they override nested keys and array items', () => {
    const config = loadConfig({
      env: {
        INTAKE_WEB__PORT: '9090',
        INTAKE_LOG__LEVEL: 'debug',
        INTAKE_MAILBOXES__0__NAME: 'support',
        INTAKE_MAILBOXES__0__USER: 'atbalsts@agency.test',
        INTAKE_MAILBOXES__0__SECURE: 'false',
        INTAKE_LIMITS__MAX_MAIL_BYTES: '2048',
        DATABASE_URL: 'postgres://u@127.0.0.1:5432/intake',
        REDIS_URL: 'redis://127.0.0.1:7000',
        UNRELATED: 'x',
      },
    });
    expect(config.web.port).toBe(9090);
    expect(config.log.level).toBe('debug');
    expect(config.mailboxes[0]).toMatchObject({
      name: 'support',
      user: 'atbalsts@agency.test',
      secure: false,
      folder: 'INBOX',
    });
    expect(config.limits.maxMailBytes).toBe(2048);
    expect(config.database.url).toBe('postgres://u@127.0.0.1:5432/intake');
    expect(config.redis.url).toBe('redis://127.0.0.1:7000');
  });

  it('when a value is wrong, then one line names the key, the value, its origin and what was expected', () => {
    const error = errorOf(() => loadConfig({ env: { INTAKE_WEB__PORT: 'eighty' } }));
    expect(isAppError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(
      /^config: web\.port = "eighty" \(from env INTAKE_WEB__PORT\): .*expected number/,
    );
  });

  it('when a key is misspelt, then start-up stops naming the unknown key', () => {
    const error = errorOf(() => validateConfig({ web: { prot: 80 } }));
    expect(error.message).toBe('config: web.prot is not a known key (see config.example.yaml)');
  });

  it('when a secret is malformed, then its value is never shown', () => {
    const error = errorOf(() =>
      validateConfig({ mailboxes: [{ name: 'e-address', user: 'u', password: 12345 }] }),
    );
    expect(error.message).toContain('mailboxes.0.password = "***"');
    expect(error.message).not.toContain('12345');
  });

  it('when the config file does not exist, then the error names the file', () => {
    const error = errorOf(() => loadConfig({ file: '/nonexistent/intake.yaml', env: {} }));
    expect(isAppError(error, 'CONFIG_UNREADABLE')).toBe(true);
    expect(error.message).toMatch(/^config: cannot read \/nonexistent\/intake\.yaml/);
  });

  it('config.example.yaml is valid and documents every key of the schema', () => {
    const config = loadConfig({ file: 'config.example.yaml', env: {} });
    expect(config.mailboxes[0]?.name).toBe('e-address');
    const text = readFileSync('config.example.yaml', 'utf8');
    const keys = new Set<string>();
    const walk = (schema: unknown): void => {
      const def = (
        schema as {
          def?: {
            type?: string;
            shape?: Record<string, unknown>;
            innerType?: unknown;
            element?: unknown;
            options?: unknown[];
            in?: unknown;
          };
        }
      ).def;
      if (!def) return;
      if (def.shape) {
        for (const [key, child] of Object.entries(def.shape)) {
          keys.add(key);
          walk(child);
        }
      }
      for (const inner of [def.innerType, def.element, def.in]) if (inner) walk(inner);
      for (const option of def.options ?? []) walk(option);
    };
    walk(configSchema);
    expect(keys.size).toBeGreaterThan(30);
    const missing = [...keys].filter(
      (key) => !new RegExp(`^\\s*(#\\s*)?(- )?${key}:`, 'm').test(text),
    );
    expect(missing).toEqual([]);
  });
});
