/**
 * The scenario's intake processes: one poller and N workers as `intake serve` processes (the
 * bench's launcher), with a worker that can be SIGKILLed and replaced by a fresh one.
 */
import { startIntakeProcesses, type IntakeProcesses } from '../../bench/pipeline-processes.js';

export interface WorkerSet {
  /** Names of the workers running now (`worker-<n>`). */
  workers(): string[];
  /** SIGKILL, no grace: whatever the worker held is left active in Redis, locked. */
  kill(name: string): void;
  /** Starts one more worker and resolves when it answers /readyz; returns its name. */
  addWorker(): Promise<string>;
  stop(): Promise<void>;
}

export async function startWorkerSet(options: {
  configFile: string;
  workers: number;
  logDir: string;
}): Promise<WorkerSet> {
  const sets: IntakeProcesses[] = [];
  const pids = new Map<string, number>();
  const remember = (set: IntakeProcesses): void => {
    sets.push(set);
    for (const p of set.processes) if (p.role === 'worker') pids.set(p.name, p.pid);
  };
  remember(await startIntakeProcesses({ ...options }));
  let next = options.workers + 1;
  return {
    workers: () => [...pids.keys()],
    kill(name) {
      const pid = pids.get(name);
      if (pid === undefined) throw new Error(`no worker ${name}`);
      pids.delete(name);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
    async addWorker() {
      const firstWorker = next;
      next += 1;
      const set = await startIntakeProcesses({
        configFile: options.configFile,
        logDir: options.logDir,
        workers: 1,
        poller: false,
        firstWorker,
      });
      remember(set);
      return `worker-${firstWorker}`;
    },
    async stop() {
      await Promise.all(sets.map((s) => s.stop()));
    },
  };
}
