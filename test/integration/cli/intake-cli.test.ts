import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'intake-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function intake(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/intake.js', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the intake command', () => {
  it('--help lists the commands', () => {
    const { status, stdout } = intake(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: intake');
    expect(stdout).toMatch(/config/);
    expect(stdout).toMatch(/serve/);
  });

  it('config check accepts the documented example', () => {
    const { status, stdout } = intake(['config', 'check', '--config', 'config.example.yaml']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^config OK \(config\.example\.yaml\): 1 mailbox/);
  });

  it('when the config file has a wrong value, then config check prints one line naming it and exits 2', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'web:\n  port: 99999\n');
    const { status, stdout, stderr } = intake(['config', 'check', '--config', file]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`config: web.port = 99999 (from ${file}):`);
  });

  it('when an environment override is wrong, then serve refuses to start with exit 2', () => {
    const { status, stderr } = intake(['serve'], { INTAKE_REDIS__URL: 'http://not-redis' });
    expect(status).toBe(2);
    expect(stderr.trim()).toMatch(
      /^config: redis\.url = "http:\/\/not-redis" \(from env INTAKE_REDIS__URL\): .*redis:\/\//,
    );
  });

  it('when an unknown option is given, then it exits 2', () => {
    const { status, stderr } = intake(['serve', '--role', 'boss']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/boss/);
  });
});
