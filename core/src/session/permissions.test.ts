import { describe, expect, it } from 'vitest';
import {
  LEARNING_SET,
  LEARNING_SET_FRAMEWORK,
  LEARNING_SET_ROLES,
  makeSession,
  mustReduce,
  T0,
} from './frameworks.fixture.js';
import type { SessionState } from './model.js';
import {
  canMarkPresence,
  canMoveStages,
  canPause,
  canRecordMark,
  canResume,
  listStageMovers,
  listTapRecorders,
} from './permissions.js';
import { reduce } from './reduce.js';

const ids = (people: readonly { id: string }[]) => people.map((person) => person.id);

function markAbsent(state: SessionState, participant: string): SessionState {
  return mustReduce(
    state,
    { type: 'mark-presence', by: participant, participant, presence: 'absent' },
    T0,
  );
}

const learningSet = () =>
  makeSession({
    framework: LEARNING_SET_FRAMEWORK,
    participants: LEARNING_SET,
    roles: LEARNING_SET_ROLES,
  });

const pair = () =>
  makeSession({
    participants: [
      { id: 'ana', displayName: 'Ana' },
      { id: 'bo', displayName: 'Bo' },
    ],
    roles: { ana: 'coach', bo: 'coachee' },
  });

describe('moving stages', () => {
  it('belongs to the coach in a coaching framework', () => {
    const state = makeSession();
    expect(ids(listStageMovers(state))).toEqual(['ana']);
    expect(['ana', 'bo', 'cy'].map((id) => canMoveStages(state, id))).toEqual([true, false, false]);
  });

  it('belongs to the facilitator in action learning', () => {
    expect(ids(listStageMovers(learningSet()))).toEqual(['fay']);
  });

  it('passes to every present member when the coach is absent', () => {
    const state = markAbsent(makeSession(), 'ana');
    expect(ids(listStageMovers(state))).toEqual(['bo', 'cy']);
    expect(canMoveStages(state, 'ana')).toBe(false);
  });

  it('passes to every present member before roles are assigned, guests only when alone', () => {
    const state = makeSession({
      participants: [
        { id: 'ana', displayName: 'Ana' },
        { id: 'gus', displayName: 'Gus', isGuest: true },
      ],
      roles: {},
    });
    expect(ids(listStageMovers(state))).toEqual(['ana']);
    expect(ids(listStageMovers(markAbsent(state, 'ana')))).toEqual(['gus']);
  });

  it('is refused to the coachee with a message naming the coach', () => {
    const result = reduce(makeSession(), { type: 'start', by: 'bo' }, T0);
    expect(result.ok ? 'applied' : [result.code, result.message]).toEqual([
      'NOT_ALLOWED',
      'Only Ana (the coach) can start the session. Ask them, or pause if the circle needs a moment.',
    ]);
  });

  it('refuses next, back, skip, extend and end to everyone but the coach', () => {
    let state = mustReduce(makeSession(), { type: 'start', by: 'ana' }, T0);
    state = mustReduce(state, { type: 'next', by: 'ana' }, T0 + 1_000);
    const commands = ['next', 'back', 'skip', 'end'].map((type) => ({ type }));
    for (const command of [...commands, { type: 'extend', byMs: 1_000 }]) {
      for (const by of ['bo', 'cy']) {
        const result = reduce(state, { ...command, by }, T0 + 2_000);
        expect([command.type, by, result.ok ? 'applied' : result.code]).toEqual([
          command.type,
          by,
          'NOT_ALLOWED',
        ]);
      }
      const byCoach = reduce(state, { ...command, by: 'ana' }, T0 + 2_000);
      expect([command.type, byCoach.ok ? 'applied' : byCoach.code]).not.toEqual([
        command.type,
        'NOT_ALLOWED',
      ]);
    }
  });

  it('lets the coachee start once the coach is marked absent', () => {
    const result = reduce(markAbsent(makeSession(), 'ana'), { type: 'start', by: 'bo' }, T0);
    expect(result.ok).toBe(true);
  });
});

describe('pause, resume and presence', () => {
  it('anyone present may pause and resume; nobody absent may', () => {
    const state = markAbsent(makeSession(), 'cy');
    expect(['ana', 'bo', 'cy'].map((id) => canPause(state, id))).toEqual([true, true, false]);
    expect(['ana', 'bo', 'cy'].map((id) => canResume(state, id))).toEqual([true, true, false]);
    expect(canPause(state, 'zed')).toBe(false);
  });

  it('anyone marks themself; a present member marks others; a guest marks only themself', () => {
    const state = mustReduce(
      makeSession(),
      { type: 'join', by: 'gus', participant: 'gus', displayName: 'Gus', isGuest: true },
      T0,
    );
    expect(canMarkPresence(state, 'bo', 'cy')).toBe(true);
    expect(canMarkPresence(state, 'gus', 'gus')).toBe(true);
    expect(canMarkPresence(state, 'gus', 'bo')).toBe(false);
    expect(canMarkPresence(state, 'bo', 'zed')).toBe(false);
  });
});

describe('recording airtime marks', () => {
  it('observer taps: the observer records for everyone, nobody else does', () => {
    const state = makeSession();
    expect(ids(listTapRecorders(state))).toEqual(['cy']);
    expect(canRecordMark(state, 'cy', 'observer', 'ana')).toBe(true);
    expect(canRecordMark(state, 'cy', 'observer', null)).toBe(true);
    expect(canRecordMark(state, 'ana', 'observer', 'bo')).toBe(false);
  });

  it('observer taps in a pair: either person records', () => {
    const state = pair();
    expect(canRecordMark(state, 'ana', 'observer', 'bo')).toBe(true);
    expect(canRecordMark(state, 'bo', 'observer', 'ana')).toBe(true);
  });

  it('observer taps in action learning: whoever runs the session records', () => {
    const state = learningSet();
    expect(canRecordMark(state, 'fay', 'observer', 'gil')).toBe(true);
    expect(canRecordMark(state, 'hal', 'observer', 'gil')).toBe(false);
  });

  it('automatic signals come from any present member', () => {
    const state = markAbsent(makeSession(), 'bo');
    expect(canRecordMark(state, 'ana', 'host-active-speaker', 'cy')).toBe(true);
    expect(canRecordMark(state, 'cy', 'silence-signal', null)).toBe(true);
    expect(canRecordMark(state, 'cy', 'silence-signal', 'ana')).toBe(false);
    expect(canRecordMark(state, 'bo', 'host-active-speaker', 'cy')).toBe(false);
  });

  it('a person’s own speaking state is only about themself', () => {
    const state = makeSession();
    expect(canRecordMark(state, 'bo', 'self-speaking', 'bo')).toBe(true);
    expect(canRecordMark(state, 'bo', 'self-speaking', null)).toBe(true);
    expect(canRecordMark(state, 'bo', 'self-speaking', 'ana')).toBe(false);
  });

  it('nobody records a span for someone who opted out, or someone unknown', () => {
    const state = mustReduce(
      makeSession(),
      { type: 'opt-out-tracking', by: 'bo', optedOut: true },
      T0,
    );
    expect(canRecordMark(state, 'cy', 'observer', 'bo')).toBe(false);
    expect(canRecordMark(state, 'bo', 'self-speaking', 'bo')).toBe(false);
    expect(canRecordMark(state, 'ana', 'host-active-speaker', 'bo')).toBe(false);
    expect(canRecordMark(state, 'cy', 'observer', 'zed')).toBe(false);
    expect(canRecordMark(state, 'cy', 'observer', 'constructor')).toBe(false);
    expect(canRecordMark(state, 'bo', 'self-speaking', null)).toBe(true);
  });

  it('refuses an unknown source', () => {
    expect(canRecordMark(makeSession(), 'cy', 'telepathy' as never, 'ana')).toBe(false);
  });
});
