/**
 * The pipeline bench's figures as text: the Markdown per scenario (where the time goes per stage
 * and per leg, and where the CPU went) and the short strings of the result rows.
 */
import type { CpuReport } from './pipeline-cpu.js';
import type { SegmentStats, StageStats } from './pipeline-measure.js';

export interface LatencySummary {
  n: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface PhaseResult {
  submissions: number;
  /** Epoch ms: first LMTP transaction begun, last one accepted, last answer `sent`. */
  firstDeliveryAt: number;
  lastDeliveredAt: number;
  lastSentAt: number;
  /** The first answer `sent`: with lastSentAt, the rate at which answers left. */
  firstSentAt: number;
  /** The poller's longest pause between two mails while the second was already delivered. */
  longestPollerPauseMs: number;
  /** From the LMTP acceptance, and from the ledger row (messages.received_at), to `sent`. */
  latency: LatencySummary;
  latencyFromLedger: LatencySummary;
  segments: SegmentStats[];
  stages: StageStats[];
  cpu: CpuReport;
}

export function seconds(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

function millis(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function describeLatency(latency: LatencySummary): string {
  return `p50 ${seconds(latency.p50Ms)}, p95 ${seconds(latency.p95Ms)}, p99 ${seconds(latency.p99Ms)}`;
}

/**
 * Answers per second between the first and the last one `sent`. At a fixed offered rate, a
 * pipeline that keeps up answers at that rate; one that does not builds a queue, and its latency
 * keeps rising with the length of the run (a short run then flatters it).
 */
export function answerRate(phase: PhaseResult): number {
  return (phase.submissions - 1) / ((phase.lastSentAt - phase.firstSentAt) / 1000);
}

/** Submissions per second from the first delivery to the last answer handed to SMTP. */
export function throughput(phase: PhaseResult): number {
  return phase.submissions / ((phase.lastSentAt - phase.firstDeliveryAt) / 1000);
}

/**
 * One scenario's phase: per stage the BullMQ jobs' queue wait and run time, and the stage's
 * worker-seconds as a share of the phase (each stage runs one job at a time per process, so a
 * share near 1 is the stage that limits throughput); the legs between the database timestamps;
 * CPU seconds per process tree.
 */
export function phaseMarkdown(title: string, phase: PhaseResult, workers: number): string {
  const wallMs = phase.lastSentAt - phase.firstDeliveryAt;
  const stageRows = phase.stages.map((s) => [
    s.stage,
    String(s.jobs) + (s.retried ? ` (${s.retried} retried)` : ''),
    millis(s.waitP50Ms),
    millis(s.runP50Ms),
    millis(s.runP95Ms),
    `${(s.busyMs / 1000).toFixed(1)} s`,
    `${((100 * s.busyMs) / (wallMs * workers)).toFixed(0)} %`,
    `${((1000 / s.runMeanMs) * workers).toFixed(1)}/s`,
  ]);
  const segmentRows = phase.segments.map((s) => [s.name, millis(s.p50Ms), millis(s.p95Ms)]);
  const cpuRows = Object.entries(phase.cpu.seconds)
    .sort((a, b) => b[1] - a[1])
    .map(([name, cpuS]) => [
      name,
      `${cpuS.toFixed(1)} s`,
      `${((100 * cpuS) / phase.cpu.wallSeconds).toFixed(0)} %`,
    ]);
  const busy =
    phase.cpu.systemBusyShare === undefined
      ? ''
      : ` Whole machine busy ${(100 * phase.cpu.systemBusyShare).toFixed(0)} % of all cores.`;
  return [
    `#### ${title}`,
    '',
    `${phase.submissions} submissions, ${seconds(wallMs)} from the first delivery to the last answer \`sent\` (${throughput(phase).toFixed(1)}/s); LMTP delivery took ${seconds(phase.lastDeliveredAt - phase.firstDeliveryAt)}; answers left at ${answerRate(phase).toFixed(1)}/s between the first and the last. Latency LMTP accepted → \`sent\`: ${describeLatency(phase.latency)}; from the ledger row: ${describeLatency(phase.latencyFromLedger)}.`,
    '',
    `Longest pause of the poller while delivered mail waited in the mailbox: ${seconds(phase.longestPollerPauseMs)}.`,
    '',
    table(
      [
        'stage (BullMQ jobs)',
        'jobs',
        'queue wait p50',
        'run p50',
        'run p95',
        'worker time',
        'busy share',
        'capacity (1 / mean run × processes)',
      ],
      stageRows,
    ),
    '',
    table(['leg (database timestamps, per submission)', 'p50', 'p95'], segmentRows),
    '',
    table(['CPU (process tree)', 'CPU time', 'of one core'], cpuRows),
    '',
    `Wall ${seconds(phase.cpu.wallSeconds * 1000)}.${busy}`,
  ].join('\n');
}
