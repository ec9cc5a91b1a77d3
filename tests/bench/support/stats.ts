// Small helpers for reading and printing bench figures.

/** The nearest-rank percentile (0–100) of `values`; NaN when there are none. */
export function computePercentile(values: readonly number[], percentile: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percentile / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function formatVerdict(isMet: boolean): string {
  return isMet ? 'met' : 'MISSED';
}

/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same simulated meeting on
 * every run, so two runs differ only by the machine.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An exponentially distributed gap with the given mean: the time between independent taps. */
export function drawExponentialMs(random: () => number, meanMs: number): number {
  return -Math.log(1 - random()) * meanMs;
}
