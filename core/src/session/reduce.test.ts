import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../units.js';
import {
  EMPTY_FRAMEWORK,
  LEARNING_SET,
  LEARNING_SET_FRAMEWORK,
  LEARNING_SET_ROLES,
  makeSession,
  makeStartedSession,
  mustReduce,
  T0,
} from './frameworks.fixture.js';
import type { ReduceResult, RefusalCode, SessionState } from './model.js';
import { reduce } from './reduce.js';
import { stageRemainingMs } from './timing.js';

function refusalCode(result: ReduceResult): RefusalCode | 'applied' {
  return result.ok ? 'applied' : result.code;
}

function applied(result: ReduceResult): Extract<ReduceResult, { ok: true }> {
  if (!result.ok)
    throw new Error(`expected the command to apply, got ${result.code}: ${result.message}`);
  return result;
}

/** The practice session moved by Ana from the opening to the goal stage at T0 + 2 min. */
function atGoalStage(): SessionState {
  return mustReduce(makeStartedSession(), { type: 'next', by: 'ana' }, T0 + 2 * MINUTE_MS);
}

describe('start', () => {
  it('starts the first stage and says so', () => {
    const result = applied(reduce(makeSession(), { type: 'start', by: 'ana' }, T0));
    expect(result.state.status).toBe('running');
    expect(result.state.startedAtMs).toBe(T0);
    expect(result.state.stageIndex).toBe(0);
    expect(result.state.timeline).toEqual([
      {
        stageId: 'opening',
        stageIndex: 0,
        startedAtMs: T0,
        endedAtMs: null,
        pausedMs: 0,
        extendedMs: 0,
        outcome: null,
      },
    ]);
    expect(result.effects).toEqual([
      { type: 'session-started', atMs: T0, by: 'ana' },
      {
        type: 'stage-started',
        stageId: 'opening',
        stageIndex: 0,
        atMs: T0,
        timeboxMs: 2 * MINUTE_MS,
      },
    ]);
  });

  it('refuses a second start with ALREADY_STARTED', () => {
    expect(refusalCode(reduce(makeStartedSession(), { type: 'start', by: 'ana' }, T0 + 1))).toBe(
      'ALREADY_STARTED',
    );
  });

  it('refuses a framework without stages with NO_NEXT_STAGE', () => {
    const state = makeSession({ framework: EMPTY_FRAMEWORK });
    expect(refusalCode(reduce(state, { type: 'start', by: 'ana' }, T0))).toBe('NO_NEXT_STAGE');
  });

  it('lets the facilitator start an action learning set, and not the challenger', () => {
    const state = makeSession({
      framework: LEARNING_SET_FRAMEWORK,
      participants: LEARNING_SET,
      roles: LEARNING_SET_ROLES,
    });
    expect(refusalCode(reduce(state, { type: 'start', by: 'gil' }, T0))).toBe('NOT_ALLOWED');
    expect(refusalCode(reduce(state, { type: 'start', by: 'fay' }, T0))).toBe('applied');
  });
});

describe('next, skip and back', () => {
  it('next closes the current run as done and opens the next stage', () => {
    const result = applied(reduce(makeStartedSession(), { type: 'next', by: 'ana' }, T0 + 90_000));
    expect(result.state.stageIndex).toBe(1);
    expect(result.state.timeline.map((run) => [run.stageId, run.outcome, run.endedAtMs])).toEqual([
      ['opening', 'done', T0 + 90_000],
      ['goal', null, null],
    ]);
    expect(result.effects[0]).toEqual({
      type: 'stage-ended',
      stageId: 'opening',
      stageIndex: 0,
      atMs: T0 + 90_000,
      outcome: 'done',
      actualMs: 90_000,
      overrunMs: 90_000 - 2 * MINUTE_MS,
    });
    expect(result.effects[1]).toMatchObject({ type: 'stage-started', stageId: 'goal' });
  });

  it('skip records the stage as skipped', () => {
    const result = applied(reduce(makeStartedSession(), { type: 'skip', by: 'ana' }, T0 + 5_000));
    expect(result.state.timeline[0]?.outcome).toBe('skipped');
    expect(result.state.stageIndex).toBe(1);
  });

  it('back records the visit and opens a new run of the previous stage', () => {
    const back = applied(reduce(atGoalStage(), { type: 'back', by: 'ana' }, T0 + 3 * MINUTE_MS));
    expect(back.state.stageIndex).toBe(0);
    expect(back.state.timeline.map((run) => [run.stageId, run.outcome])).toEqual([
      ['opening', 'done'],
      ['goal', 'went-back'],
      ['opening', null],
    ]);
  });

  it('refuses back on the first stage with NO_PREVIOUS_STAGE', () => {
    expect(refusalCode(reduce(makeStartedSession(), { type: 'back', by: 'ana' }, T0 + 1))).toBe(
      'NO_PREVIOUS_STAGE',
    );
  });

  it('refuses next and skip on the last stage with NO_NEXT_STAGE', () => {
    const state = makeStartedSession({
      framework: LEARNING_SET_FRAMEWORK,
      participants: LEARNING_SET,
      roles: LEARNING_SET_ROLES,
    });
    const last = [1, 2, 3].reduce(
      (current, step) => mustReduce(current, { type: 'next', by: 'fay' }, T0 + step * MINUTE_MS),
      state,
    );
    expect(last.stageIndex).toBe(3);
    expect(refusalCode(reduce(last, { type: 'next', by: 'fay' }, T0 + 9 * MINUTE_MS))).toBe(
      'NO_NEXT_STAGE',
    );
    expect(refusalCode(reduce(last, { type: 'skip', by: 'fay' }, T0 + 9 * MINUTE_MS))).toBe(
      'NO_NEXT_STAGE',
    );
  });

  it('refuses a move before the start with NOT_STARTED', () => {
    for (const type of ['next', 'back', 'skip', 'pause', 'resume', 'end'] as const) {
      expect(refusalCode(reduce(makeSession(), { type, by: 'ana' }, T0))).toBe('NOT_STARTED');
    }
    expect(refusalCode(reduce(makeSession(), { type: 'extend', by: 'ana', byMs: 1 }, T0))).toBe(
      'NOT_STARTED',
    );
  });

  it('refuses a move while paused with PAUSED', () => {
    const paused = mustReduce(makeStartedSession(), { type: 'pause', by: 'bo' }, T0 + 1_000);
    for (const type of ['next', 'back', 'skip'] as const) {
      expect(refusalCode(reduce(paused, { type, by: 'ana' }, T0 + 2_000))).toBe('PAUSED');
    }
  });

  it('refuses a move from a stage the sender no longer sees with STAGE_CHANGED', () => {
    const state = atGoalStage();
    const stale = { type: 'next', by: 'ana', expectedStageId: 'opening' };
    const result = reduce(state, stale, T0 + 3 * MINUTE_MS);
    expect(refusalCode(result)).toBe('STAGE_CHANGED');
    expect(result.ok ? '' : result.message).toContain('Goal');
    const current = { type: 'back', by: 'ana', expectedStageId: 'goal' };
    expect(refusalCode(reduce(state, current, T0 + 3 * MINUTE_MS))).toBe('applied');
  });
});

describe('pause and resume', () => {
  it('anyone present may pause; the pause says who and when', () => {
    const result = applied(reduce(makeStartedSession(), { type: 'pause', by: 'cy' }, T0 + 30_000));
    expect(result.state.status).toBe('paused');
    expect(result.state.pause).toEqual({ atMs: T0 + 30_000, by: 'cy' });
    expect(result.effects).toEqual([{ type: 'session-paused', atMs: T0 + 30_000, by: 'cy' }]);
  });

  it('refuses a second pause with PAUSED and names who paused', () => {
    const paused = mustReduce(makeStartedSession(), { type: 'pause', by: 'cy' }, T0 + 30_000);
    const result = reduce(paused, { type: 'pause', by: 'bo' }, T0 + 31_000);
    expect(refusalCode(result)).toBe('PAUSED');
    expect(result.ok ? '' : result.message).toContain('Cy');
  });

  it('anyone present may resume, and the pause goes into the run', () => {
    const paused = mustReduce(makeStartedSession(), { type: 'pause', by: 'cy' }, T0 + 30_000);
    const result = applied(reduce(paused, { type: 'resume', by: 'bo' }, T0 + 90_000));
    expect(result.state.status).toBe('running');
    expect(result.state.pause).toBeNull();
    expect(result.state.timeline[0]?.pausedMs).toBe(60_000);
    expect(result.effects).toEqual([
      { type: 'session-resumed', atMs: T0 + 90_000, by: 'bo', pausedMs: 60_000 },
    ]);
  });

  it('refuses resume when running with NOT_PAUSED', () => {
    expect(refusalCode(reduce(makeStartedSession(), { type: 'resume', by: 'bo' }, T0 + 1))).toBe(
      'NOT_PAUSED',
    );
  });

  it('refuses pause from someone marked absent', () => {
    const state = mustReduce(
      makeStartedSession(),
      { type: 'mark-presence', by: 'cy', participant: 'cy', presence: 'absent' },
      T0 + 1,
    );
    const result = reduce(state, { type: 'pause', by: 'cy' }, T0 + 2);
    expect(refusalCode(result)).toBe('NOT_ALLOWED');
    expect(result.ok ? '' : result.message).toContain('absent');
  });
});

describe('extend', () => {
  it('adds its time to the current run and reports the new remaining time', () => {
    const result = applied(
      reduce(makeStartedSession(), { type: 'extend', by: 'ana', byMs: MINUTE_MS }, T0 + 30_000),
    );
    expect(result.state.timeline[0]?.extendedMs).toBe(MINUTE_MS);
    expect(result.effects).toEqual([
      { type: 'stage-extended', stageId: 'opening', byMs: MINUTE_MS, remainingMs: 150_000 },
    ]);
    expect(stageRemainingMs(result.state, T0 + 30_000)).toBe(150_000);
  });

  it('counts from now when the stage has already run over', () => {
    const overrun = T0 + 5 * MINUTE_MS; // the opening has a 2-minute time-box
    const result = applied(
      reduce(makeStartedSession(), { type: 'extend', by: 'ana', byMs: MINUTE_MS }, overrun),
    );
    expect(stageRemainingMs(result.state, overrun)).toBe(MINUTE_MS);
    expect(result.state.timeline[0]?.extendedMs).toBe(4 * MINUTE_MS);
  });

  it('is allowed while paused', () => {
    const paused = mustReduce(makeStartedSession(), { type: 'pause', by: 'bo' }, T0 + 1_000);
    expect(
      refusalCode(reduce(paused, { type: 'extend', by: 'ana', byMs: 1_000 }, T0 + 2_000)),
    ).toBe('applied');
  });

  it.each([0, -1_000, 1.5, 30 * MINUTE_MS + 1, Number.NaN, '60000', null])(
    'refuses byMs %s with INVALID_COMMAND',
    (byMs) => {
      const result = reduce(makeStartedSession(), { type: 'extend', by: 'ana', byMs }, T0 + 1);
      expect(refusalCode(result)).toBe('INVALID_COMMAND');
    },
  );

  it('accepts exactly 30 minutes', () => {
    const result = reduce(
      makeStartedSession(),
      { type: 'extend', by: 'ana', byMs: 30 * MINUTE_MS },
      T0,
    );
    expect(refusalCode(result)).toBe('applied');
  });
});

describe('end', () => {
  it('closes the run as ended early when it was not the last stage', () => {
    const result = applied(reduce(atGoalStage(), { type: 'end', by: 'ana' }, T0 + 4 * MINUTE_MS));
    expect(result.state.status).toBe('ended');
    expect(result.state.endedAtMs).toBe(T0 + 4 * MINUTE_MS);
    expect(result.state.timeline.at(-1)).toMatchObject({
      stageId: 'goal',
      endedAtMs: T0 + 4 * MINUTE_MS,
      outcome: 'session-ended',
    });
    expect(result.effects.map((effect) => effect.type)).toEqual(['stage-ended', 'session-ended']);
  });

  it('closes a pause before ending, so the pause is not counted as stage time', () => {
    const paused = mustReduce(makeStartedSession(), { type: 'pause', by: 'bo' }, T0 + 60_000);
    const result = applied(reduce(paused, { type: 'end', by: 'ana' }, T0 + 300_000));
    expect(result.state.pause).toBeNull();
    expect(result.state.timeline[0]).toMatchObject({ pausedMs: 240_000, outcome: 'session-ended' });
    expect(result.effects[0]).toMatchObject({ type: 'stage-ended', actualMs: 60_000 });
  });

  it('marks the last stage done when ending there', () => {
    const oneStage = { ...EMPTY_FRAMEWORK, stages: LEARNING_SET_FRAMEWORK.stages.slice(0, 1) };
    const state = makeStartedSession({ framework: oneStage });
    const result = applied(reduce(state, { type: 'end', by: 'ana' }, T0 + 1_000));
    expect(result.state.timeline[0]?.outcome).toBe('done');
  });

  it('refuses every change after the end with ENDED, except opting out', () => {
    const ended = mustReduce(makeStartedSession(), { type: 'end', by: 'ana' }, T0 + 1_000);
    const commands = [
      { type: 'start', by: 'ana' },
      { type: 'next', by: 'ana' },
      { type: 'pause', by: 'bo' },
      { type: 'extend', by: 'ana', byMs: 1_000 },
      { type: 'end', by: 'ana' },
      { type: 'assign-roles', by: 'ana', roles: {} },
      { type: 'join', by: 'dee', participant: 'dee', displayName: 'Dee', isGuest: true },
      { type: 'mark-presence', by: 'bo', participant: 'bo', presence: 'absent' },
      { type: 'record-consent', by: 'bo', stageId: 'role-play', answer: 'given' },
    ];
    for (const command of commands) {
      expect(refusalCode(reduce(ended, command, T0 + 2_000))).toBe('ENDED');
    }
    expect(
      refusalCode(reduce(ended, { type: 'opt-out-tracking', by: 'bo', optedOut: true }, T0)),
    ).toBe('applied');
  });
});

describe('assign-roles', () => {
  it('replaces the whole assignment', () => {
    const result = applied(
      reduce(
        makeSession(),
        { type: 'assign-roles', by: 'ana', roles: { bo: 'coach', ana: 'coachee' } },
        T0,
      ),
    );
    expect(Object.values(result.state.participants).map((p) => [p.id, p.role])).toEqual([
      ['ana', 'coachee'],
      ['bo', 'coach'],
      ['cy', null],
    ]);
    expect(result.effects).toEqual([
      { type: 'roles-assigned', roles: { bo: 'coach', ana: 'coachee' } },
    ]);
  });

  it('refuses a role from the other kind of framework', () => {
    const result = reduce(
      makeSession(),
      { type: 'assign-roles', by: 'ana', roles: { bo: 'facilitator' } },
      T0,
    );
    expect(refusalCode(result)).toBe('INVALID_COMMAND');
  });

  it('refuses two coaches', () => {
    const result = reduce(
      makeSession(),
      { type: 'assign-roles', by: 'ana', roles: { ana: 'coach', bo: 'coach' } },
      T0,
    );
    expect(refusalCode(result)).toBe('INVALID_COMMAND');
  });

  it('refuses someone who is not in the session with UNKNOWN_PARTICIPANT', () => {
    const result = reduce(
      makeSession(),
      { type: 'assign-roles', by: 'ana', roles: { zed: 'observer' } },
      T0,
    );
    expect(refusalCode(result)).toBe('UNKNOWN_PARTICIPANT');
  });

  it('is for whoever runs the session: not the coachee while the coach is here', () => {
    const result = reduce(makeSession(), { type: 'assign-roles', by: 'bo', roles: {} }, T0);
    expect(refusalCode(result)).toBe('NOT_ALLOWED');
  });
});

describe('join', () => {
  it('adds a newcomer present, with no role and tracked', () => {
    const result = applied(
      reduce(
        makeSession(),
        { type: 'join', by: 'dee', participant: 'dee', displayName: ' Dee ', isGuest: false },
        T0,
      ),
    );
    expect(result.state.participants['dee']).toEqual({
      id: 'dee',
      displayName: 'Dee',
      role: null,
      presence: 'present',
      isGuest: false,
      optedOutOfTracking: false,
      consent: {},
    });
    expect(result.effects).toEqual([
      { type: 'participant-joined', participant: 'dee', isGuest: false, isRejoin: false },
    ]);
  });

  it('lets a present member add a guest, but not a guest add someone', () => {
    const withGuest = mustReduce(
      makeSession(),
      { type: 'join', by: 'ana', participant: 'gus', displayName: 'Gus', isGuest: true },
      T0,
    );
    expect(withGuest.participants['gus']?.isGuest).toBe(true);
    const result = reduce(
      withGuest,
      { type: 'join', by: 'gus', participant: 'hee', displayName: 'Hee', isGuest: true },
      T0,
    );
    expect(refusalCode(result)).toBe('NOT_ALLOWED');
  });

  it('a rejoin keeps role, consent and opt-out, and updates the name', () => {
    let state = mustReduce(
      makeSession(),
      { type: 'opt-out-tracking', by: 'bo', optedOut: true },
      T0,
    );
    state = mustReduce(
      state,
      { type: 'mark-presence', by: 'bo', participant: 'bo', presence: 'absent' },
      T0,
    );
    const result = applied(
      reduce(
        state,
        { type: 'join', by: 'bo', participant: 'bo', displayName: 'Bo B.', isGuest: true },
        T0,
      ),
    );
    expect(result.state.participants['bo']).toMatchObject({
      displayName: 'Bo B.',
      role: 'coachee',
      presence: 'present',
      isGuest: false,
      optedOutOfTracking: true,
    });
    expect(result.effects[0]).toMatchObject({ type: 'participant-joined', isRejoin: true });
  });

  it('refuses adding someone by a sender who is not in the session', () => {
    const result = reduce(
      makeSession(),
      { type: 'join', by: 'zed', participant: 'dee', displayName: 'Dee', isGuest: true },
      T0,
    );
    expect(refusalCode(result)).toBe('UNKNOWN_PARTICIPANT');
  });
});

describe('mark-presence', () => {
  it('marks someone absent and reports the change', () => {
    const result = applied(
      reduce(
        makeSession(),
        { type: 'mark-presence', by: 'ana', participant: 'cy', presence: 'absent' },
        T0,
      ),
    );
    expect(result.state.participants['cy']?.presence).toBe('absent');
    expect(result.effects).toEqual([
      { type: 'presence-changed', participant: 'cy', presence: 'absent' },
    ]);
  });

  it('changes nothing when the presence is already so', () => {
    const result = applied(
      reduce(
        makeSession(),
        { type: 'mark-presence', by: 'ana', participant: 'cy', presence: 'present' },
        T0,
      ),
    );
    expect(result.effects).toEqual([]);
  });

  it('refuses an unknown participant', () => {
    const result = reduce(
      makeSession(),
      { type: 'mark-presence', by: 'ana', participant: 'zed', presence: 'absent' },
      T0,
    );
    expect(refusalCode(result)).toBe('UNKNOWN_PARTICIPANT');
  });

  it('lets an absent person mark only themself', () => {
    const state = mustReduce(
      makeSession(),
      { type: 'mark-presence', by: 'cy', participant: 'cy', presence: 'absent' },
      T0,
    );
    expect(
      refusalCode(
        reduce(
          state,
          { type: 'mark-presence', by: 'cy', participant: 'bo', presence: 'absent' },
          T0,
        ),
      ),
    ).toBe('NOT_ALLOWED');
    expect(
      refusalCode(
        reduce(
          state,
          { type: 'mark-presence', by: 'cy', participant: 'cy', presence: 'present' },
          T0,
        ),
      ),
    ).toBe('applied');
  });
});

describe('opt-out-tracking', () => {
  it('is reversible and only about the sender', () => {
    const out = applied(
      reduce(makeSession(), { type: 'opt-out-tracking', by: 'cy', optedOut: true }, T0),
    );
    expect(out.state.participants['cy']?.optedOutOfTracking).toBe(true);
    expect(out.state.participants['bo']?.optedOutOfTracking).toBe(false);
    expect(out.effects).toEqual([
      { type: 'tracking-opt-out-changed', participant: 'cy', optedOut: true },
    ]);
    const back = applied(
      reduce(out.state, { type: 'opt-out-tracking', by: 'cy', optedOut: false }, T0),
    );
    expect(back.state.participants['cy']?.optedOutOfTracking).toBe(false);
  });
});

describe('at the door', () => {
  it('refuses a sender who is not in the session with UNKNOWN_PARTICIPANT', () => {
    for (const by of ['zed', 'constructor', '__proto__', 'toString']) {
      expect(refusalCode(reduce(makeSession(), { type: 'start', by }, T0))).toBe(
        'UNKNOWN_PARTICIPANT',
      );
    }
  });

  it.each([
    null,
    undefined,
    42,
    'start',
    [],
    {},
    { type: 'start' },
    { type: 'fly', by: 'ana' },
    { type: 'start', by: '' },
  ])('refuses the malformed command %j with INVALID_COMMAND', (command) => {
    expect(refusalCode(reduce(makeSession(), command, T0))).toBe('INVALID_COMMAND');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1700000000000'])(
    'refuses the time %s with INVALID_TIME',
    (now) => {
      expect(refusalCode(reduce(makeSession(), { type: 'start', by: 'ana' }, now as number))).toBe(
        'INVALID_TIME',
      );
    },
  );

  it('reads a time earlier than the latest as the latest, so the timeline never runs backwards', () => {
    const started = makeStartedSession();
    const result = applied(reduce(started, { type: 'next', by: 'ana' }, T0 - 5_000));
    expect(result.state.timeline[0]?.endedAtMs).toBe(T0);
    expect(result.state.timeline[1]?.startedAtMs).toBe(T0);
    expect(result.state.latestAtMs).toBe(T0);
  });

  it('refuses a damaged state with INVALID_STATE', () => {
    const damaged = [
      { ...makeSession(), status: 'flying' },
      { ...makeSession(), timeline: null },
      { ...makeStartedSession(), timeline: [] },
      { ...makeStartedSession(), pause: { atMs: T0, by: 'bo' } },
      { ...makeSession(), stageIndex: 9 },
      { ...makeSession(), participants: { ana: { id: 'bo' } } },
      null,
    ];
    for (const state of damaged) {
      expect(
        refusalCode(reduce(state as unknown as SessionState, { type: 'start', by: 'ana' }, T0)),
      ).toBe('INVALID_STATE');
    }
  });

  it('records the time of every applied command as the latest', () => {
    const result = applied(
      reduce(makeSession(), { type: 'opt-out-tracking', by: 'bo', optedOut: true }, T0 + 7),
    );
    expect(result.state.latestAtMs).toBe(T0 + 7);
  });
});
