import type { Timing } from './measure.js';
import { docsPerSecond } from './measure.js';

export type Met = 'yes' | 'no' | 'n/a';

export interface Row {
  measurement: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  met: Met;
}

const COLUMNS = ['measurement', 'ours', 'peer', 'ratio', 'target', 'met?'] as const;

/** "312 docs/s (3.20 ms; 3.01–4.50 ms, n=200)": throughput at the median, then the spread. */
export function describeTiming(timing: Timing): string {
  return `${docsPerSecond(timing).toFixed(1)} docs/s (median ${ms(timing.medianMs)}; ${ms(timing.minMs)}–${ms(timing.maxMs)}, n=${timing.runs})`;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

/** Time ratio ours/peer: below 1 means ours is faster. */
export function timeRatio(ours: Timing, peer: Timing): number {
  return ours.medianMs / peer.medianMs;
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}× time`;
}

export function metOf(condition: boolean): Met {
  return condition ? 'yes' : 'no';
}

export function markdownTable(rows: readonly Row[]): string {
  const cells = (values: readonly string[]): string =>
    `| ${values.map((v) => v.replaceAll('|', '\\|')).join(' | ')} |`;
  return [
    cells(COLUMNS),
    cells(COLUMNS.map(() => '---')),
    ...rows.map((r) => cells([r.measurement, r.ours, r.peer, r.ratio, r.target, r.met])),
  ].join('\n');
}
