// The session's server clock, moved forward by a test. The api reads the time through
// `Date.now` (its session routes take it once, when they are registered), so a server built in
// this process after `installServerClock()` runs on this clock. Moving it forward lets a stage run
// past its time-box (the shortest allowed is a minute) without the test waiting a minute; the
// panels learn the new time from the next stream message, as they would after any clock drift.

export interface ServerClock {
  /** How far the clock is ahead of the real one. */
  readonly offsetMs: number;
  /** Now on the server's clock. */
  nowMs(): number;
  /** Moves the server's clock forward (never back: the session machine ignores time going back). */
  advance(ms: number): void;
  /** Puts the real `Date.now` back. */
  restore(): void;
}

export function installServerClock(): ServerClock {
  const realNow = Date.now;
  let offsetMs = 0;
  const shiftedNow = (): number => realNow() + offsetMs;
  Date.now = shiftedNow;
  return {
    get offsetMs() {
      return offsetMs;
    },
    nowMs: shiftedNow,
    advance(ms) {
      if (!(ms > 0)) throw new Error(`The server clock only moves forward (asked for ${ms} ms).`);
      offsetMs += ms;
    },
    restore() {
      if (Date.now === shiftedNow) Date.now = realNow;
    },
  };
}

/** The clock as it is, for a server whose test does not move it: `advance` refuses. */
export function readRealClock(): ServerClock {
  return {
    offsetMs: 0,
    nowMs: () => Date.now(),
    advance() {
      throw new Error('This server does not control the clock (controlsClock: false).');
    },
    restore: () => undefined,
  };
}
