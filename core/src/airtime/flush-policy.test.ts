import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeMarkFlushDueAtMs,
  isMarkFlushDue,
  MARK_FLUSH_MAX_DELAY_MS,
  type MarkFlushInput,
} from './flush-policy.js';

const START = 1_700_000_000_000;
const at = (seconds: number) => START + seconds * 1_000;

const quiet: MarkFlushInput = {
  oldestPendingAtMs: at(0),
  lastFlushAtMs: null,
  nowMs: at(0),
  isStageChange: false,
  isEnd: false,
};

describe('isMarkFlushDue', () => {
  it('waits until the oldest queued mark has waited 20 s', () => {
    expect(isMarkFlushDue({ ...quiet, nowMs: at(19.999) })).toBe(false);
    expect(isMarkFlushDue({ ...quiet, nowMs: at(20) })).toBe(true);
    expect(MARK_FLUSH_MAX_DELAY_MS).toBe(20_000);
  });

  it('sends at once at a stage change and at the end', () => {
    expect(isMarkFlushDue({ ...quiet, nowMs: at(1), isStageChange: true })).toBe(true);
    expect(isMarkFlushDue({ ...quiet, nowMs: at(1), isEnd: true })).toBe(true);
  });

  it('never sends an empty batch, not even at a stage change or the end', () => {
    const empty = { ...quiet, oldestPendingAtMs: null, nowMs: at(600) };
    expect(isMarkFlushDue(empty)).toBe(false);
    expect(isMarkFlushDue({ ...empty, isStageChange: true })).toBe(false);
    expect(isMarkFlushDue({ ...empty, isEnd: true })).toBe(false);
  });

  it('keeps retries after a failed send 20 s apart, unless the stage changes', () => {
    const afterFailedSend = { ...quiet, lastFlushAtMs: at(20) };
    expect(isMarkFlushDue({ ...afterFailedSend, nowMs: at(30) })).toBe(false);
    expect(isMarkFlushDue({ ...afterFailedSend, nowMs: at(40) })).toBe(true);
    expect(isMarkFlushDue({ ...afterFailedSend, nowMs: at(30), isStageChange: true })).toBe(true);
  });

  it('takes another delay when asked', () => {
    expect(isMarkFlushDue({ ...quiet, nowMs: at(5) }, 5_000)).toBe(true);
    expect(isMarkFlushDue({ ...quiet, nowMs: at(5) }, 5_001)).toBe(false);
  });
});

describe('computeMarkFlushDueAtMs', () => {
  it('is null with nothing queued', () => {
    expect(computeMarkFlushDueAtMs({ oldestPendingAtMs: null, lastFlushAtMs: at(3) })).toBeNull();
  });

  it('is 20 s after the oldest queued mark, and 20 s after the last send at the earliest', () => {
    expect(computeMarkFlushDueAtMs({ oldestPendingAtMs: at(7), lastFlushAtMs: null })).toBe(at(27));
    expect(computeMarkFlushDueAtMs({ oldestPendingAtMs: at(7), lastFlushAtMs: at(2) })).toBe(
      at(27),
    );
    expect(computeMarkFlushDueAtMs({ oldestPendingAtMs: at(7), lastFlushAtMs: at(15) })).toBe(
      at(35),
    );
  });
});

interface Flush {
  readonly atMs: number;
  readonly markTimes: readonly number[];
  readonly isTimed: boolean;
}

/** A panel that sets a timer for the due time and flushes at each stage change: every send succeeds. */
function runPanel(tapTimes: readonly number[], stageChangeTimes: readonly number[]): Flush[] {
  const events = [
    ...tapTimes.map((atMs) => ({ atMs, kind: 'tap' as const })),
    ...stageChangeTimes.map((atMs) => ({ atMs, kind: 'stage' as const })),
  ].sort((a, b) => a.atMs - b.atMs);
  const flushes: Flush[] = [];
  let pending: number[] = [];
  let lastFlushAtMs: number | null = null;
  const flush = (atMs: number, isTimed: boolean) => {
    flushes.push({ atMs, markTimes: pending, isTimed });
    pending = [];
    lastFlushAtMs = atMs;
  };
  const flushWhileDue = (untilMs: number) => {
    for (;;) {
      const dueAtMs = computeMarkFlushDueAtMs({
        oldestPendingAtMs: pending[0] ?? null,
        lastFlushAtMs,
      });
      if (dueAtMs === null || dueAtMs > untilMs) return;
      flush(dueAtMs, true);
    }
  };
  for (const event of events) {
    flushWhileDue(event.atMs);
    if (event.kind === 'tap') {
      pending.push(event.atMs);
      continue;
    }
    const input = {
      oldestPendingAtMs: pending[0] ?? null,
      lastFlushAtMs,
      nowMs: event.atMs,
      isStageChange: true,
      isEnd: false,
    };
    if (isMarkFlushDue(input)) flush(event.atMs, false);
  }
  flushWhileDue(Number.POSITIVE_INFINITY);
  return flushes;
}

describe('a panel that follows the rule', () => {
  const timesArb = fc.array(fc.integer({ min: 0, max: 1_800_000 }), { maxLength: 400 });

  it('sends every mark within 20 s, in non-empty batches, timed ones at least 20 s apart', () => {
    fc.assert(
      fc.property(
        timesArb,
        fc.array(fc.integer({ min: 0, max: 1_800_000 }), { maxLength: 10 }),
        (taps, stages) => {
          const tapTimes = [...taps].sort((a, b) => a - b);
          const flushes = runPanel(tapTimes, stages);
          expect(flushes.flatMap((f) => f.markTimes)).toEqual(tapTimes);
          flushes.forEach((flush, index) => {
            expect(flush.markTimes.length).toBeGreaterThan(0);
            for (const markAtMs of flush.markTimes) {
              expect(flush.atMs - markAtMs).toBeLessThanOrEqual(MARK_FLUSH_MAX_DELAY_MS);
            }
            const previous = flushes[index - 1];
            if (flush.isTimed && previous !== undefined) {
              expect(flush.atMs - previous.atMs).toBeGreaterThanOrEqual(MARK_FLUSH_MAX_DELAY_MS);
            }
          });
          const timed = flushes.filter((f) => f.isTimed).length;
          expect(timed).toBeLessThanOrEqual(Math.floor(1_800_000 / MARK_FLUSH_MAX_DELAY_MS) + 1);
        },
      ),
    );
  });
});
