// Order statistics for the benchmark figures: nearest-rank percentiles, so a p99 is always a real sample.

export interface Summary {
  n: number;
  median: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    n: sorted.length,
    median: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean: sorted.length ? total / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export const median = (values: readonly number[]): number => summarize(values).median;

/** Rounds every number in a summary for the report (the raw samples stay out of the JSON). */
export function rounded(summary: Summary, digits = 3): Summary {
  const r = (v: number) => round(v, digits);
  return {
    n: summary.n,
    median: r(summary.median),
    p99: r(summary.p99),
    mean: r(summary.mean),
    min: r(summary.min),
    max: r(summary.max),
  };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A small seeded PRNG (mulberry32): the same instants and overrides on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Progress on stderr, so stdout stays free for what the handlers log (some measures capture it). */
const writeProgress = process.stderr.write.bind(process.stderr);

export function progress(message: string): void {
  writeProgress(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
