/**
 * The pipeline bench's result rows, in the shape of the other benchmarks' rows: sustained
 * throughput per worker-process count, latency at the fixed rate, and the stage that limits.
 */
import {
  answerRate,
  describeLatency,
  seconds,
  throughput,
  type PhaseResult,
} from './pipeline-report.js';
import { metOf, type Row } from './report.js';

/** Targets from the pipeline issue. */
export const TARGET_SUBMISSIONS_PER_S = 30;
export const TARGET_LATENCY_RATE_PER_S = 5;
export const TARGET_LATENCY_P95_MS = 2_000;
/** Answers leaving at 90 % of the offered rate or more count as keeping up (run-length noise). */
const KEPT_UP_SHARE = 0.9;

export interface ScenarioResult {
  workers: number;
  processes: Array<{ role: string; name: string; pid: number; logFile: string }>;
  burst: PhaseResult;
  fixedRate?: PhaseResult & { ratePerSecond: number };
}

export function sustainedRow(workers: number, scenario: ScenarioResult | undefined): Row {
  const measurement = `Pipeline sustained, ${workers} worker process${workers === 1 ? '' : 'es'}`;
  const target = `≥ ${TARGET_SUBMISSIONS_PER_S} submissions/s`;
  if (!scenario) return { measurement, ours: 'not run', peer: '—', ratio: '—', target, met: 'n/a' };
  const rate = throughput(scenario.burst);
  const wall = scenario.burst.lastSentAt - scenario.burst.firstDeliveryAt;
  return {
    measurement,
    ours: `${rate.toFixed(1)} submissions/s (N=${scenario.burst.submissions} in ${seconds(wall)}; latency ${describeLatency(scenario.burst.latency)})`,
    peer: '—',
    ratio: `${(rate / TARGET_SUBMISSIONS_PER_S).toFixed(2)}× target`,
    target,
    met: metOf(rate >= TARGET_SUBMISSIONS_PER_S),
  };
}

export function latencyRow(scenario: ScenarioResult | undefined): Row {
  const measurement = `Pipeline latency at ${TARGET_LATENCY_RATE_PER_S}/s, 1 worker`;
  const target = `p95 ≤ ${TARGET_LATENCY_P95_MS / 1000} s`;
  const phase = scenario?.fixedRate;
  if (!phase) return { measurement, ours: 'not run', peer: '—', ratio: '—', target, met: 'n/a' };
  const answers = answerRate(phase);
  // Below the offered rate the queue grows for as long as the run lasts: no steady state exists.
  const keptUp = answers >= KEPT_UP_SHARE * phase.ratePerSecond;
  const pace = keptUp
    ? `answers left at ${answers.toFixed(1)}/s`
    : `did not keep up: answers left at ${answers.toFixed(1)}/s, so latency rises with the run's length`;
  return {
    measurement,
    ours: `${describeLatency(phase.latency)} (n=${phase.submissions} over ${seconds(phase.lastDeliveredAt - phase.firstDeliveryAt)}, LMTP accepted → sent; ${pace})`,
    peer: '—',
    ratio: `${(phase.latency.p95Ms / TARGET_LATENCY_P95_MS).toFixed(2)}× target`,
    target,
    met: metOf(keptUp && phase.latency.p95Ms <= TARGET_LATENCY_P95_MS),
  };
}

/** The stage with the largest worker time in the 1-worker burst: what a second process must share. */
export function busiestStageRow(scenario: ScenarioResult | undefined): Row[] {
  const stages = scenario?.burst.stages ?? [];
  const busiest = [...stages].sort((a, b) => b.busyMs - a.busyMs)[0];
  if (!scenario || !busiest) return [];
  const wall = scenario.burst.lastSentAt - scenario.burst.firstDeliveryAt;
  return [
    {
      measurement: 'Pipeline busiest stage, 1 worker process (burst)',
      ours: `${busiest.stage}: run p50 ${Math.round(busiest.runP50Ms)} ms, busy ${Math.round((100 * busiest.busyMs) / wall)} % of the burst (≤ ${(1000 / busiest.runMeanMs).toFixed(1)}/s per process)`,
      peer: '—',
      ratio: '—',
      target: '—',
      met: 'n/a',
    },
  ];
}
