/** Timing: warm-up runs first (JIT, caches, page cache), then N timed runs; median, min and max. */
export interface Timing {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface TimingPlan {
  warmup: number;
  runs: number;
}

export async function timeRuns(plan: TimingPlan, once: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < plan.warmup; i += 1) await once();
  const samples: number[] = [];
  for (let i = 0; i < plan.runs; i += 1) {
    const start = process.hrtime.bigint();
    await once();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const middle = Math.floor(samples.length / 2);
  const median =
    samples.length % 2 === 1
      ? (samples[middle] ?? NaN)
      : ((samples[middle - 1] ?? NaN) + (samples[middle] ?? NaN)) / 2;
  return {
    runs: samples.length,
    medianMs: median,
    minMs: samples[0] ?? NaN,
    maxMs: samples.at(-1) ?? NaN,
  };
}

/** Documents per second at the median time of one document. */
export function docsPerSecond(timing: Timing): number {
  return 1000 / timing.medianMs;
}
