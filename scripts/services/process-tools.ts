import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createServer, connect } from 'node:net';

/** How long a local service may take to come up before `up` gives up. */
export const START_TIMEOUT_MS = 30_000;
/** How long a stopped service may take to exit before it is killed. */
export const STOP_TIMEOUT_MS = 10_000;

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** A port that was free a moment ago on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export function portAccepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = START_TIMEOUT_MS,
  logFile?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(
    `${what} did not come up within ${timeoutMs} ms${logFile ? `; see ${logFile}` : ''}`,
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts a long-running process detached from this one, output to a log file; returns its pid. */
export function spawnDetached(
  command: string,
  args: readonly string[],
  logFile: string,
  env?: NodeJS.ProcessEnv,
): number {
  const out = openSync(logFile, 'a');
  const child = spawn(command, args as string[], {
    detached: true,
    stdio: ['ignore', out, out],
    env: env ?? process.env,
  });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, wait, then SIGKILL: `down` must leave no process behind. */
export async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

export function which(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '')
    .split(':')
    .concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    const candidate = `${dir}/${binary}`;
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds a binary from a Debian package, installing the package when missing and running as root
 * (the development and CI machines); otherwise stops with the exact command to run.
 */
export function ensureBinary(find: () => string | undefined, packages: readonly string[]): string {
  const found = find();
  if (found) return found;
  if (!isRoot()) {
    throw new Error(
      `missing ${packages.join(', ')}: run as root: apt-get install -y ${packages.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  } catch {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  }
  const installed = find();
  if (!installed)
    throw new Error(`installed ${packages.join(', ')} but the binary is still missing`);
  return installed;
}
