import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../units.js';
import { makeSession, makeStartedSession, mustReduce, T0 } from './frameworks.fixture.js';
import type { SessionState } from './model.js';
import {
  comparePlanWithActual,
  isStageOverrun,
  measureStageRuns,
  stageElapsedMs,
  stageOverrunMs,
  stageRemainingMs,
} from './timing.js';

const at = (minutes: number) => T0 + minutes * MINUTE_MS;

function clockAt(state: SessionState, now: number) {
  return {
    elapsedMs: stageElapsedMs(state, now),
    remainingMs: stageRemainingMs(state, now),
    overrunMs: stageOverrunMs(state, now),
    isOverrun: isStageOverrun(state, now),
  };
}

describe('the stage clock', () => {
  it('shows the first time-box, untouched, before the start', () => {
    expect(clockAt(makeSession(), at(10))).toEqual({
      elapsedMs: 0,
      remainingMs: 2 * MINUTE_MS,
      overrunMs: 0,
      isOverrun: false,
    });
  });

  it('counts down while running', () => {
    expect(clockAt(makeStartedSession(), T0 + 30_000)).toEqual({
      elapsedMs: 30_000,
      remainingMs: 90_000,
      overrunMs: 0,
      isOverrun: false,
    });
  });

  it('is not overrun at exactly the time-box, and is one millisecond later', () => {
    const state = makeStartedSession();
    expect(clockAt(state, at(2))).toEqual({
      elapsedMs: 2 * MINUTE_MS,
      remainingMs: 0,
      overrunMs: 0,
      isOverrun: false,
    });
    expect(clockAt(state, at(2) + 1)).toEqual({
      elapsedMs: 2 * MINUTE_MS + 1,
      remainingMs: 0,
      overrunMs: 1,
      isOverrun: true,
    });
  });

  it('stops during a pause and leaves the pause out after resuming', () => {
    const paused = mustReduce(makeStartedSession(), { type: 'pause', by: 'bo' }, T0 + 30_000);
    expect(stageElapsedMs(paused, T0 + 30_000)).toBe(30_000);
    expect(stageElapsedMs(paused, at(10))).toBe(30_000);
    const resumed = mustReduce(paused, { type: 'resume', by: 'cy' }, at(5));
    expect(stageElapsedMs(resumed, at(5) + 10_000)).toBe(40_000);
    expect(stageRemainingMs(resumed, at(5) + 10_000)).toBe(80_000);
  });

  it('adds every pause of a run', () => {
    let state = makeStartedSession();
    state = mustReduce(state, { type: 'pause', by: 'bo' }, T0 + 10_000);
    state = mustReduce(state, { type: 'resume', by: 'bo' }, T0 + 20_000);
    state = mustReduce(state, { type: 'pause', by: 'cy' }, T0 + 30_000);
    state = mustReduce(state, { type: 'resume', by: 'ana' }, T0 + 45_000);
    expect(state.timeline[0]?.pausedMs).toBe(25_000);
    expect(stageElapsedMs(state, T0 + 60_000)).toBe(35_000);
  });

  it('includes extensions in the remaining time and the overrun', () => {
    const state = mustReduce(
      makeStartedSession(),
      { type: 'extend', by: 'ana', byMs: MINUTE_MS },
      T0,
    );
    expect(stageRemainingMs(state, at(2))).toBe(MINUTE_MS);
    expect(stageOverrunMs(state, at(4))).toBe(MINUTE_MS);
  });

  it('shows nothing left once the session has ended', () => {
    const ended = mustReduce(makeStartedSession(), { type: 'end', by: 'ana' }, T0 + 30_000);
    expect(clockAt(ended, at(1))).toEqual({
      elapsedMs: 0,
      remainingMs: 0,
      overrunMs: 0,
      isOverrun: false,
    });
  });

  it('never goes below zero for a time before the stage started', () => {
    const state = mustReduce(makeStartedSession(), { type: 'next', by: 'ana' }, at(2));
    expect(stageElapsedMs(state, at(1))).toBe(0);
    expect(stageRemainingMs(state, at(1))).toBe(5 * MINUTE_MS);
  });

  it('reads a non-finite time as the latest time the machine has seen', () => {
    const state = mustReduce(
      makeStartedSession(),
      { type: 'opt-out-tracking', by: 'bo', optedOut: true },
      at(1),
    );
    expect(stageElapsedMs(state, Number.NaN)).toBe(MINUTE_MS);
    expect(stageRemainingMs(state, Number.POSITIVE_INFINITY)).toBe(MINUTE_MS);
  });
});

/**
 * Opening 1 min, goal 5 min (with a 1-minute pause), back to the opening for 1 min, goal again for
 * 4 min (extended by 1), everyone consents, role-play skipped after 1 min, closing 3 min, end.
 */
function sessionWithDetours(): SessionState {
  const steps: [unknown, number][] = [
    [{ type: 'next', by: 'ana' }, at(1)],
    [{ type: 'pause', by: 'cy' }, at(2)],
    [{ type: 'resume', by: 'cy' }, at(3)],
    [{ type: 'back', by: 'ana' }, at(7)],
    [{ type: 'next', by: 'ana' }, at(8)],
    [{ type: 'extend', by: 'ana', byMs: MINUTE_MS }, at(9)],
    [{ type: 'record-consent', by: 'ana', stageId: 'role-play', answer: 'given' }, at(10)],
    [{ type: 'record-consent', by: 'bo', stageId: 'role-play', answer: 'given' }, at(10)],
    [{ type: 'record-consent', by: 'cy', stageId: 'role-play', answer: 'declined' }, at(10)],
    [{ type: 'next', by: 'ana' }, at(12)],
    [{ type: 'skip', by: 'ana' }, at(13)],
    [{ type: 'end', by: 'ana' }, at(16)],
  ];
  return steps.reduce(
    (state, [command, now]) => mustReduce(state, command, now),
    makeStartedSession(),
  );
}

describe('planned against actual', () => {
  it('measures every run of the timeline, overrun as actual minus time-box', () => {
    const runs = measureStageRuns(sessionWithDetours(), at(20));
    expect(
      runs.map((run) => [
        run.stageId,
        run.outcome,
        run.actualMs / MINUTE_MS,
        run.overrunMs / MINUTE_MS,
      ]),
    ).toEqual([
      ['opening', 'done', 1, -1],
      ['goal', 'went-back', 5, 0],
      ['opening', 'done', 1, -1],
      ['goal', 'done', 4, -1],
      ['role-play', 'skipped', 1, -9],
      ['closing', 'done', 3, 0],
    ]);
    expect(runs[1]?.pausedMs).toBe(MINUTE_MS);
    expect(runs[3]?.extendedMs).toBe(MINUTE_MS);
  });

  it('sums the runs of each stage of the plan', () => {
    const plan = comparePlanWithActual(sessionWithDetours(), at(20));
    expect(
      plan.map((stage) => ({
        id: stage.stageId,
        plannedMin: stage.plannedMs / MINUTE_MS,
        actualMin: stage.actualMs / MINUTE_MS,
        overrunMin: stage.overrunMs === null ? null : stage.overrunMs / MINUTE_MS,
        runs: stage.runCount,
        status: stage.status,
      })),
    ).toEqual([
      { id: 'opening', plannedMin: 2, actualMin: 2, overrunMin: 0, runs: 2, status: 'done' },
      { id: 'goal', plannedMin: 5, actualMin: 9, overrunMin: 4, runs: 2, status: 'done' },
      { id: 'role-play', plannedMin: 10, actualMin: 1, overrunMin: -9, runs: 1, status: 'skipped' },
      { id: 'closing', plannedMin: 3, actualMin: 3, overrunMin: 0, runs: 1, status: 'done' },
    ]);
    expect(plan[1]).toMatchObject({ extendedMs: MINUTE_MS, pausedMs: MINUTE_MS });
  });

  it('shows the stage in progress and the stages not reached', () => {
    const state = mustReduce(makeStartedSession(), { type: 'next', by: 'ana' }, at(3));
    const plan = comparePlanWithActual(state, at(4));
    expect(
      plan.map((stage) => [stage.stageId, stage.status, stage.actualMs, stage.overrunMs]),
    ).toEqual([
      ['opening', 'done', 3 * MINUTE_MS, MINUTE_MS],
      ['goal', 'in-progress', MINUTE_MS, -4 * MINUTE_MS],
      ['role-play', 'not-reached', 0, null],
      ['closing', 'not-reached', 0, null],
    ]);
  });

  it('marks the stage a session ended in', () => {
    const ended = mustReduce(makeStartedSession(), { type: 'end', by: 'ana' }, at(1));
    expect(comparePlanWithActual(ended, at(5))[0]?.status).toBe('session-ended');
  });
});
