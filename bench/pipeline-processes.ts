/**
 * The service as it runs in production, scaled out: one `intake serve --role poller` process and
 * N `intake serve --role worker` processes, separate OS processes sharing one configuration (one
 * database, one Redis prefix, the same mailboxes and blob directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/services/process-tools.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const INTAKE_BIN = join(repoRoot, 'bin', 'intake.js');
/** Loading the TypeScript sources through tsx and migrating takes a few seconds per process. */
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 200;
/** The service's own shutdown grace is 20 s; after that the bench kills. */
const STOP_TIMEOUT_MS = 25_000;
/** Lines of a process's log shown when it fails to start. */
const LOG_TAIL_LINES = 20;

export type IntakeRole = 'poller' | 'worker';

export interface IntakeProcess {
  role: IntakeRole;
  name: string;
  pid: number;
  logFile: string;
}

export interface IntakeProcesses {
  processes: IntakeProcess[];
  /** SIGTERM (graceful: the CPU profile, if any, is written), then SIGKILL after the grace. */
  stop(): Promise<void>;
}

/** Every child the bench started and has not seen exit: killed if the bench itself exits. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function killLiveOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Kills every intake process still running at once (the bench was interrupted). */
export function killIntakeProcesses(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** The bench's environment without anything that would override the scenario's config file. */
function childEnv(webPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('INTAKE_') || key === 'DATABASE_URL' || key === 'REDIS_URL') continue;
    if (key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  env.INTAKE_WEB__PORT = String(webPort);
  return env;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '(no log)';
  }
}

async function ready(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return response.ok;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
  }
  live.delete(child);
}

/**
 * Starts the poller and `workers` worker processes at once (the migrations' advisory lock makes
 * them migrate once) and resolves when every one answers /readyz. Any that fails to start stops
 * all of them.
 */
export async function startIntakeProcesses(options: {
  configFile: string;
  workers: number;
  logDir: string;
  /** Write a V8 CPU profile of every process here when it stops. */
  cpuProfileDir?: string | undefined;
  /** Start the poller too (default); false adds workers to a running set (the fault drills). */
  poller?: boolean;
  /** The first worker's number in its name and log file (`worker-<n>`); default 1. */
  firstWorker?: number;
}): Promise<IntakeProcesses> {
  killLiveOnExit();
  const first = options.firstWorker ?? 1;
  const roles: Array<{ role: IntakeRole; name: string }> = [
    ...(options.poller === false ? [] : [{ role: 'poller' as const, name: 'poller' }]),
    ...Array.from({ length: options.workers }, (_, i) => ({
      role: 'worker' as const,
      name: `worker-${i + first}`,
    })),
  ];
  const children: Array<{ child: ChildProcess; info: IntakeProcess; port: number }> = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(({ child }) => stopChild(child)));
  };
  try {
    for (const { role, name } of roles) {
      const port = await freePort();
      const logFile = join(options.logDir, `${name}.log`);
      const out = openSync(logFile, 'a');
      // One folder per process: the main thread, the verification threads and tsx's loader
      // thread each write a profile of their own (CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile).
      const profile = options.cpuProfileDir
        ? ['--cpu-prof', '--cpu-prof-dir', join(options.cpuProfileDir, name)]
        : [];
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          ...profile,
          INTAKE_BIN,
          'serve',
          '--role',
          role,
          '--config',
          options.configFile,
        ],
        { cwd: repoRoot, env: childEnv(port), stdio: ['ignore', out, out] },
      );
      closeSync(out);
      live.add(child);
      child.once('exit', () => live.delete(child));
      if (child.pid === undefined) throw new Error(`could not start the ${name} process`);
      children.push({ child, port, info: { role, name, pid: child.pid, logFile } });
    }
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const { child, port, info } of children) {
      while (!(await ready(port))) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`the ${info.name} process exited while starting:\n${tail(info.logFile)}`);
        if (Date.now() > deadline)
          throw new Error(`the ${info.name} process was not ready in time:\n${tail(info.logFile)}`);
        await new Promise((r) => setTimeout(r, READY_POLL_MS));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes: children.map((c) => c.info), stop };
}
