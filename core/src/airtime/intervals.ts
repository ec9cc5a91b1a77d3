import type { DurationMs } from '../units.js';
import type { Interval } from './model.js';

// Interval arithmetic shared by the ledger and the metrics. Input comes from clients and files, so
// an interval that is not a finite, positive stretch is treated as no time at all rather than as a
// reason to throw or to let a NaN leak into a metric.

export function hasLength(interval: Interval): boolean {
  return (
    Number.isFinite(interval.startMs) &&
    Number.isFinite(interval.endMs) &&
    interval.endMs > interval.startMs
  );
}

/**
 * The union as disjoint intervals in time order. Intervals that touch are joined too: a person
 * heard until 10 s by one source and from 10 s by another spoke without a break.
 */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter(hasLength)
    .map(({ startMs, endMs }) => ({ startMs, endMs }))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: { startMs: number; endMs: number }[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && interval.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, interval.endMs);
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

/** Length of the union, so overlapping intervals count once. */
export function measureUnionMs(intervals: readonly Interval[]): DurationMs {
  return mergeIntervals(intervals).reduce((sum, { startMs, endMs }) => sum + (endMs - startMs), 0);
}

/** The part of `interval` inside [fromMs, untilMs], or null when nothing of it is. */
export function clipInterval<T extends Interval>(
  interval: T,
  fromMs: number,
  untilMs: number,
): T | null {
  const clipped = {
    ...interval,
    startMs: Math.max(interval.startMs, fromMs),
    endMs: Math.min(interval.endMs, untilMs),
  };
  return hasLength(clipped) ? clipped : null;
}
