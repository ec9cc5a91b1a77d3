import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../units.js';
import { decliners, pendingConsent, upcomingConsentStage } from './consent.js';
import {
  makeSession,
  makeStartedSession,
  mustReduce,
  ROLE_PLAY_ALTERNATIVE,
  ROLE_PLAY_FIRST_FRAMEWORK,
  T0,
} from './frameworks.fixture.js';
import type { SessionState } from './model.js';
import { reduce } from './reduce.js';

const consent = (by: string, answer: 'given' | 'declined', stageId = 'role-play') => ({
  type: 'record-consent',
  by,
  stageId,
  answer,
});

/** The practice session at its goal stage; the role-play comes next. */
function beforeRolePlay(): SessionState {
  return mustReduce(makeStartedSession(), { type: 'next', by: 'ana' }, T0 + MINUTE_MS);
}

describe('a stage that asks for consent', () => {
  it('asks everyone ahead, when the stage before it starts', () => {
    const result = reduce(makeStartedSession(), { type: 'next', by: 'ana' }, T0 + MINUTE_MS);
    expect(result.ok && result.effects.at(-1)).toEqual({
      type: 'consent-requested',
      stageId: 'role-play',
      pending: ['ana', 'bo', 'cy'],
    });
    expect(result.ok && upcomingConsentStage(result.state)?.id).toBe('role-play');
  });

  it('does not start while someone present has not answered, and says who', () => {
    const state = mustReduce(beforeRolePlay(), consent('ana', 'given'), T0 + MINUTE_MS);
    const result = reduce(state, { type: 'next', by: 'ana' }, T0 + 2 * MINUTE_MS);
    expect(result).toEqual({
      ok: false,
      code: 'CONSENT_PENDING',
      message: expect.stringContaining('Waiting for Bo and Cy'),
      pending: ['bo', 'cy'],
    });
    expect(pendingConsent(state, 'role-play')).toEqual(['bo', 'cy']);
  });

  it('goes ahead with a decliner, who is listed as taking the alternative', () => {
    let state = beforeRolePlay();
    state = mustReduce(state, consent('ana', 'given'), T0 + MINUTE_MS);
    state = mustReduce(state, consent('bo', 'given'), T0 + MINUTE_MS);
    state = mustReduce(state, consent('cy', 'declined'), T0 + MINUTE_MS);
    expect(decliners(state, 'role-play')).toEqual(['cy']);
    const result = reduce(state, { type: 'next', by: 'ana' }, T0 + 2 * MINUTE_MS);
    expect(result.ok && result.state.stageIndex).toBe(2);
    expect(result.ok && result.effects).toContainEqual({
      type: 'taking-alternative',
      stageId: 'role-play',
      participants: ['cy'],
      alternative: ROLE_PLAY_ALTERNATIVE,
    });
  });

  it('does not wait for someone absent', () => {
    let state = beforeRolePlay();
    state = mustReduce(
      state,
      { type: 'mark-presence', by: 'ana', participant: 'cy', presence: 'absent' },
      T0 + MINUTE_MS,
    );
    state = mustReduce(state, consent('ana', 'given'), T0 + MINUTE_MS);
    state = mustReduce(state, consent('bo', 'given'), T0 + MINUTE_MS);
    expect(pendingConsent(state, 'role-play')).toEqual([]);
    expect(reduce(state, { type: 'next', by: 'ana' }, T0 + 2 * MINUTE_MS).ok).toBe(true);
  });

  it('asks someone who arrives before the stage', () => {
    const result = reduce(
      beforeRolePlay(),
      { type: 'join', by: 'dee', participant: 'dee', displayName: 'Dee', isGuest: false },
      T0 + 2 * MINUTE_MS,
    );
    expect(result.ok && result.effects).toContainEqual({
      type: 'consent-requested',
      stageId: 'role-play',
      pending: ['dee'],
    });
  });

  it('blocks skip and back into the stage too', () => {
    const inRolePlay = ['ana', 'bo', 'cy'].reduce(
      (state, by) => mustReduce(state, consent(by, 'given'), T0 + MINUTE_MS),
      beforeRolePlay(),
    );
    let state = mustReduce(inRolePlay, { type: 'next', by: 'ana' }, T0 + 2 * MINUTE_MS);
    state = mustReduce(state, { type: 'next', by: 'ana' }, T0 + 3 * MINUTE_MS);
    state = mustReduce(
      state,
      { type: 'join', by: 'dee', participant: 'dee', displayName: 'Dee', isGuest: false },
      T0 + 4 * MINUTE_MS,
    );
    const back = reduce(state, { type: 'back', by: 'ana' }, T0 + 5 * MINUTE_MS);
    expect(back.ok ? 'applied' : back.pending).toEqual(['dee']);
    const skipInto = reduce(beforeRolePlay(), { type: 'skip', by: 'ana' }, T0 + 2 * MINUTE_MS);
    expect(skipInto.ok ? 'applied' : skipInto.code).toBe('CONSENT_PENDING');
  });

  it('blocks the start when the first stage asks for consent', () => {
    const state = makeSession({ framework: ROLE_PLAY_FIRST_FRAMEWORK });
    const result = reduce(state, { type: 'start', by: 'ana' }, T0);
    expect(result.ok ? 'applied' : [result.code, result.pending]).toEqual([
      'CONSENT_PENDING',
      ['ana', 'bo', 'cy'],
    ]);
    expect(upcomingConsentStage(state)?.id).toBe('warm-up-role-play');
  });

  it('takes a withdrawal during the stage: the person takes the alternative from then on', () => {
    let state = makeSession({ framework: ROLE_PLAY_FIRST_FRAMEWORK });
    for (const by of ['ana', 'bo', 'cy']) {
      state = mustReduce(state, consent(by, 'given', 'warm-up-role-play'), T0);
    }
    state = mustReduce(state, { type: 'start', by: 'ana' }, T0);
    const result = reduce(state, consent('bo', 'declined', 'warm-up-role-play'), T0 + 1_000);
    expect(result.ok && result.effects).toEqual([
      {
        type: 'consent-recorded',
        stageId: 'warm-up-role-play',
        participant: 'bo',
        answer: 'declined',
      },
      {
        type: 'taking-alternative',
        stageId: 'warm-up-role-play',
        participants: ['bo'],
        alternative: ROLE_PLAY_ALTERNATIVE,
      },
    ]);
  });

  it('refuses an answer for a stage that is not in the framework, or asks no consent', () => {
    const unknown = reduce(makeSession(), consent('bo', 'given', 'karaoke'), T0);
    expect(unknown.ok ? 'applied' : unknown.code).toBe('UNKNOWN_STAGE');
    const noConsent = reduce(makeSession(), consent('bo', 'given', 'goal'), T0);
    expect(noConsent.ok ? 'applied' : noConsent.code).toBe('INVALID_COMMAND');
  });

  it('has nothing pending for a stage that asks no consent', () => {
    expect(pendingConsent(makeSession(), 'goal')).toEqual([]);
    expect(pendingConsent(makeSession(), 'constructor')).toEqual([]);
  });
});
