// Sessions for the views' tests, made by core's own machine (createSession + reduce), so a view is
// tested against states the api can really send.
import {
  createSession,
  findBuiltInFramework,
  reduce,
  type Framework,
  type SessionCommand,
  type SessionState,
} from '@grow-together/core';

/** 14 November 2023, 22:13:20 UTC. */
export const T0 = 1_700_000_000_000;
export const at = (seconds: number) => T0 + seconds * 1_000;

export function growFramework(): Framework {
  const framework = findBuiltInFramework('grow-for-equals');
  if (framework === undefined) throw new Error('GROW for equals is missing from core.');
  return framework;
}

/** Ana coaches, Ben is coached, Cai observes; Dee is present with no role unless given one. */
export function createTrio(options: { readonly withDee?: boolean } = {}): SessionState {
  return createSession({
    id: 'session-1',
    framework: growFramework(),
    participants: [
      { id: 'ana', displayName: 'Ana' },
      { id: 'ben', displayName: 'Ben' },
      { id: 'cai', displayName: 'Cai' },
      ...(options.withDee === true ? [{ id: 'dee', displayName: 'Dee' }] : []),
    ],
    roles: { ana: 'coach', ben: 'coachee', cai: 'observer' },
  });
}

export function apply(state: SessionState, command: SessionCommand, atMs: number): SessionState {
  const result = reduce(state, command, atMs);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
  return result.state;
}

/** Started at T0 by Ana, moved on `stages` times (one minute apart). */
export function startedTrio(
  stages = 0,
  options: { readonly withDee?: boolean } = {},
): SessionState {
  let state = apply(createTrio(options), { type: 'start', by: 'ana' }, T0);
  for (let index = 1; index <= stages; index += 1) {
    state = apply(state, { type: 'next', by: 'ana' }, at(index * 60));
  }
  return state;
}

/**
 * An action learning set at its questions-only stage (stage 3, from 120 s): Fay facilitates (and,
 * with no observer, records), Cal brings the challenge, Mo is a member.
 */
export function actionLearningAtQuestions(): SessionState {
  const framework = findBuiltInFramework('action-learning-set');
  if (framework === undefined) throw new Error('The action learning set is missing from core.');
  let state = createSession({
    id: 'session-2',
    framework,
    participants: [
      { id: 'fay', displayName: 'Fay' },
      { id: 'cal', displayName: 'Cal' },
      { id: 'mo', displayName: 'Mo' },
    ],
    roles: { fay: 'facilitator', cal: 'challenger', mo: 'member' },
  });
  state = apply(state, { type: 'start', by: 'fay' }, T0);
  state = apply(state, { type: 'next', by: 'fay' }, at(60));
  return apply(state, { type: 'next', by: 'fay' }, at(120));
}
