import type { EpochMs } from '@grow-together/core';

// Every panel shows the same stage clock, so the time-box is computed on the server's clock, not
// the machine's. Each stream message carries the server's time when it was sent; it arrives a
// little later (the one-way delay), so `serverTime - localTime` at arrival underestimates the true
// offset by that delay. The largest sample of the last few is therefore the best estimate. Local
// time is the monotonic clock, so a machine whose wall clock jumps (NTP, sleep) keeps a steady
// server time.

export interface ServerClock {
  /** Now on the server's clock, ms since the epoch. */
  now(): EpochMs;
  /** A server time that has just arrived. */
  observe(serverTimeMs: EpochMs): void;
  /** The estimated server minus local wall clock, ms; 0 before any sample. */
  readonly offsetMs: number;
  readonly sampleCount: number;
}

export interface ServerClockOptions {
  /** A monotonic clock in ms (performance.now). */
  readMonotonicMs?: () => number;
  /** The local wall clock in ms since the epoch (Date.now). */
  readWallMs?: () => EpochMs;
  /** How many recent samples the estimate is taken over. */
  windowSize?: number;
}

export function createServerClock(options: ServerClockOptions = {}): ServerClock {
  const readMonotonicMs = options.readMonotonicMs ?? (() => performance.now());
  const readWallMs = options.readWallMs ?? Date.now;
  const windowSize = options.windowSize ?? 8;
  // Until the first sample, the server's time is taken to be the local wall clock.
  const wallMinusMonotonic = readWallMs() - readMonotonicMs();
  const samples: number[] = [];
  let estimate: number | null = null;

  return {
    now: () => readMonotonicMs() + (estimate ?? wallMinusMonotonic),
    observe(serverTimeMs) {
      if (!Number.isFinite(serverTimeMs)) return;
      samples.push(serverTimeMs - readMonotonicMs());
      if (samples.length > windowSize) samples.shift();
      estimate = Math.max(...samples);
    },
    get offsetMs() {
      return estimate === null ? 0 : estimate - wallMinusMonotonic;
    },
    get sampleCount() {
      return samples.length;
    },
  };
}
