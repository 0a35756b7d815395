/**
 * Where the machine's CPU went during a timed phase: the whole system's busy time from
 * /proc/stat and each process tree's (user + system) time from /proc/<pid>/stat. Linux only; on
 * other systems every figure is absent rather than wrong.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** USER_HZ: the unit of /proc times; 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_S = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks: own threads plus children already reaped. */
  ticks: number;
}

function readProcStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const num = (i: number): number => Number(fields[i] ?? 0);
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { ppid: num(1), ticks: num(11) + num(12) + num(13) + num(14) };
  } catch {
    return undefined;
  }
}

/** CPU seconds of a process and all its live descendants (Dovecot's and PostgreSQL's workers). */
export function treeCpuSeconds(rootPid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcStat>();
  for (const entry of entries) {
    const stat = readProcStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  if (!stats.has(rootPid)) return undefined;
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats)
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [rootPid];
  for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
    ticks += stats.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / CLOCK_TICKS_PER_S;
}

/** Busy and total CPU seconds of the whole machine (all cores) since boot. */
function systemCpu(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      values;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: busy / CLOCK_TICKS_PER_S, total: (busy + idle + iowait) / CLOCK_TICKS_PER_S };
  } catch {
    return undefined;
  }
}

export interface CpuReport {
  wallSeconds: number;
  /** Busy share of all cores during the phase (1 = every core busy all the time). */
  systemBusyShare?: number | undefined;
  /** CPU seconds per named process tree during the phase; core-seconds, so it can exceed wall. */
  seconds: Record<string, number>;
}

/** Takes a reading now; `finish()` reports the differences since. */
export function cpuSampler(trees: Record<string, number | undefined>): { finish(): CpuReport } {
  const startWall = Date.now();
  const startSystem = systemCpu();
  const startSelf = process.cpuUsage();
  const start = new Map<string, number>();
  for (const [name, pid] of Object.entries(trees)) {
    const value = pid === undefined ? undefined : treeCpuSeconds(pid);
    if (value !== undefined) start.set(name, value);
  }
  return {
    finish() {
      const wallSeconds = (Date.now() - startWall) / 1000;
      const seconds: Record<string, number> = {};
      for (const [name, pid] of Object.entries(trees)) {
        const before = start.get(name);
        const after = pid === undefined ? undefined : treeCpuSeconds(pid);
        if (before !== undefined && after !== undefined) seconds[name] = after - before;
      }
      const self = process.cpuUsage(startSelf);
      seconds['bench process (PKI server, LMTP client, DB polling)'] =
        (self.user + self.system) / 1e6;
      const endSystem = systemCpu();
      const systemBusyShare =
        startSystem && endSystem && endSystem.total > startSystem.total
          ? (endSystem.busy - startSystem.busy) / (endSystem.total - startSystem.total)
          : undefined;
      // What else kept the cores busy: other work on a shared machine makes every figure slower.
      if (systemBusyShare !== undefined) {
        const ours = Object.values(seconds).reduce((a, b) => a + b, 0);
        seconds['everything else on the machine (other work, kernel)'] = Math.max(
          0,
          systemBusyShare * cpus().length * wallSeconds - ours,
        );
      }
      return { wallSeconds, systemBusyShare, seconds };
    },
  };
}
