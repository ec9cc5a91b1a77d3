import type { DurationMs, EpochMs } from '../units.js';

// When a panel sends its queued marks (shared/DESIGN.md, "Live sync"): in batches, at most every
// 20 s, and at every stage change and at the end. Read as one rule: a batch goes when its oldest
// mark has waited 20 s, so no tap waits longer than that and timed batches are at least 20 s apart
// (a mark made after a batch left waits its own 20 s). A stage change or the end sends at once, so
// every stage's marks are stored by the time its summary can be read. A batch is never empty.
// The same rule serves the tab (set a timer for `computeMarkFlushDueAtMs`, then ask
// `isMarkFlushDue`) and the api's bench that counts the writes it causes.

export const MARK_FLUSH_MAX_DELAY_MS: DurationMs = 20_000;

export interface MarkQueueTimes {
  /** When the oldest mark still waiting to be sent was made; null when none is waiting. */
  readonly oldestPendingAtMs: EpochMs | null;
  /**
   * When the panel last sent a batch, whether or not it was acknowledged; null before the first.
   * After a failed send the marks stay queued, and this keeps the retries 20 s apart too.
   */
  readonly lastFlushAtMs: EpochMs | null;
}

export interface MarkFlushInput extends MarkQueueTimes {
  /** On the panel's clock, the same clock as the other times. */
  readonly nowMs: EpochMs;
  /** The session has just moved to another stage. */
  readonly isStageChange: boolean;
  /** The session has ended, or the panel is closing. */
  readonly isEnd: boolean;
}

export function isMarkFlushDue(
  input: MarkFlushInput,
  maxDelayMs: DurationMs = MARK_FLUSH_MAX_DELAY_MS,
): boolean {
  if (input.oldestPendingAtMs === null) return false;
  if (input.isStageChange || input.isEnd) return true;
  const dueAtMs = computeMarkFlushDueAtMs(input, maxDelayMs);
  return dueAtMs !== null && input.nowMs >= dueAtMs;
}

/** When the queued marks are due to be sent if nothing else happens first; null with none queued. */
export function computeMarkFlushDueAtMs(
  times: MarkQueueTimes,
  maxDelayMs: DurationMs = MARK_FLUSH_MAX_DELAY_MS,
): EpochMs | null {
  if (times.oldestPendingAtMs === null) return null;
  const oldestDueAtMs = times.oldestPendingAtMs + maxDelayMs;
  return times.lastFlushAtMs === null
    ? oldestDueAtMs
    : Math.max(oldestDueAtMs, times.lastFlushAtMs + maxDelayMs);
}
