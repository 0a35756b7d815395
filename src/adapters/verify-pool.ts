import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors/index.js';
import type { DocumentReport } from '../signature/index.js';
import type { VerifyRequest, VerifyResponse, VerifyThreadData } from './verify-thread.js';

/**
 * A small pool of verification threads. A document is handed to an idle thread (its bytes
 * transferred, not copied twice); a thread that dies or runs past the time limit is replaced and
 * its document fails with a retryable error, so the stage retries it with backoff.
 */
export type VerifyInThread = (filename: string, bytes: Uint8Array) => Promise<DocumentReport>;

export interface VerifyPool {
  verify: VerifyInThread;
  close(): Promise<void>;
}

/**
 * Longest a single verification may take. A 50 MB container with many signatures and slow OCSP
 * answers stays well under it; a thread stuck in a pathological document does not hold a slot
 * for ever.
 */
export const VERIFY_THREAD_TIMEOUT_MS = 120_000;

interface Task {
  id: number;
  filename: string;
  bytes: Uint8Array;
  resolve: (report: DocumentReport) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
}

/**
 * The thread's entry. Built code runs the compiled `verify-thread.js`; a checkout runs the
 * TypeScript through tsx, whose loader a worker thread does not inherit, so the thread first
 * registers tsx and then imports the TypeScript file.
 */
function spawnThread(data: VerifyThreadData): Worker {
  const compiled = new URL('./verify-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, { workerData: data });
  const source = new URL('./verify-thread.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

export function createVerifyPool(size: number, data: VerifyThreadData): VerifyPool {
  const waiting: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const settle = (slot: Slot): Task | undefined => {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    delete slot.task;
    delete slot.timer;
    return task;
  };

  const replace = (slot: Slot, reason: string): void => {
    settle(slot)?.reject(new AppError('VERIFY_TRY_LATER', reason));
    void slot.worker.terminate();
    if (closed) return;
    slot.worker = start(slot);
    pump();
  };

  const start = (slot: Slot): Worker => {
    const worker = spawnThread(data);
    worker.on('message', (response: VerifyResponse) => {
      const task = slot.task;
      if (!task || task.id !== response.id) return;
      settle(slot);
      if ('report' in response) task.resolve(response.report as DocumentReport);
      else task.reject(new Error(`verification failed: ${response.error.message}`));
      pump();
    });
    worker.on('error', (error) => replace(slot, `verification thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!closed && slot.worker === worker) replace(slot, `verification thread exited (${code})`);
    });
    return worker;
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.task) continue;
      const task = waiting.shift();
      if (!task) return;
      slot.task = task;
      slot.timer = setTimeout(
        () =>
          replace(
            slot,
            `verification of ${task.filename} took longer than ${VERIFY_THREAD_TIMEOUT_MS} ms`,
          ),
        VERIFY_THREAD_TIMEOUT_MS,
      );
      // A copy the thread can own: the caller's bytes may be a view into a shared pool.
      const bytes = new Uint8Array(task.bytes);
      const request: VerifyRequest = { id: task.id, filename: task.filename, bytes };
      slot.worker.postMessage(request, [bytes.buffer]);
    }
  };

  for (let i = 0; i < Math.max(1, size); i += 1) {
    const slot = {} as Slot;
    slot.worker = start(slot);
    slots.push(slot);
  }

  return {
    verify: (filename, bytes) =>
      new Promise<DocumentReport>((resolve, reject) => {
        if (closed) {
          reject(new AppError('SERVICE_START_FAILED', 'the verification pool is closed'));
          return;
        }
        waiting.push({ id: nextId++, filename, bytes, resolve, reject });
        pump();
      }),
    async close() {
      closed = true;
      for (const task of waiting.splice(0))
        task.reject(new AppError('VERIFY_TRY_LATER', 'the service is stopping'));
      await Promise.all(
        slots.map(async (slot) => {
          settle(slot)?.reject(new AppError('VERIFY_TRY_LATER', 'the service is stopping'));
          await slot.worker.terminate();
        }),
      );
    },
  };
}
