// Test support for the session machine: small frameworks and a way to set a session up. Kept out of
// the build (tsconfig.build.json excludes *.fixture.ts); the built-in frameworks live in
// ../frameworks and are not needed to test the machine.
import type { Framework, Stage } from '../frameworks/model.js';
import type { RoleAssignment } from '../roles/model.js';
import { MINUTE_MS, type EpochMs } from '../units.js';
import { createSession, type NewParticipant } from './create-session.js';
import type { SessionState } from './model.js';
import { reduce } from './reduce.js';

/** 14 November 2023, 22:13:20 UTC: a fixed, readable start for every test clock. */
export const T0: EpochMs = 1_700_000_000_000;

export const ROLE_PLAY_ALTERNATIVE =
  'Observe the role-play, or talk the situation through instead.';

function stage(id: string, minutes: number, extra: Partial<Stage> = {}): Stage {
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1).replaceAll('-', ' '),
    purpose: `The ${id} stage.`,
    timeboxMs: minutes * MINUTE_MS,
    prompts: { everyone: [`What matters in ${id}?`] },
    rules: {},
    ...extra,
  };
}

/** Coaching, with a role-play stage in the middle: opening 2, goal 5, role-play 10, closing 3 minutes. */
export const PRACTICE_FRAMEWORK: Framework = {
  id: 'practice',
  name: 'Practice',
  kind: 'coaching',
  summary: 'A short coaching conversation with a role-play.',
  minPeople: 2,
  maxPeople: 6,
  stages: [
    stage('opening', 2),
    stage('goal', 5, { rules: { askBeforeAdvising: true } }),
    stage('role-play', 10, {
      rules: { consent: 'role-play' },
      consentAlternative: ROLE_PLAY_ALTERNATIVE,
    }),
    stage('closing', 3),
  ],
};

/** Coaching that opens with a role-play, so `start` itself waits for consent. */
export const ROLE_PLAY_FIRST_FRAMEWORK: Framework = {
  ...PRACTICE_FRAMEWORK,
  id: 'role-play-first',
  name: 'Role-play first',
  stages: [
    stage('warm-up-role-play', 5, {
      rules: { consent: 'role-play' },
      consentAlternative: ROLE_PLAY_ALTERNATIVE,
    }),
    stage('closing', 3),
  ],
};

/** Action learning: the facilitator moves stages. */
export const LEARNING_SET_FRAMEWORK: Framework = {
  id: 'learning-set',
  name: 'Learning set',
  kind: 'action-learning',
  summary: 'A short action learning set.',
  minPeople: 4,
  maxPeople: 8,
  stages: [
    stage('challenge', 5),
    stage('questions', 15, { rules: { questionsOnly: true } }),
    stage('experiments', 10),
    stage('commitments', 5),
  ],
};

export const EMPTY_FRAMEWORK: Framework = {
  ...PRACTICE_FRAMEWORK,
  id: 'empty',
  name: 'Empty',
  stages: [],
};

export const FIXTURE_FRAMEWORKS: readonly Framework[] = [
  PRACTICE_FRAMEWORK,
  ROLE_PLAY_FIRST_FRAMEWORK,
  LEARNING_SET_FRAMEWORK,
  EMPTY_FRAMEWORK,
];

export const TRIO: readonly NewParticipant[] = [
  { id: 'ana', displayName: 'Ana' },
  { id: 'bo', displayName: 'Bo' },
  { id: 'cy', displayName: 'Cy' },
];

export const TRIO_ROLES: RoleAssignment = { ana: 'coach', bo: 'coachee', cy: 'observer' };

export const LEARNING_SET: readonly NewParticipant[] = [
  { id: 'fay', displayName: 'Fay' },
  { id: 'gil', displayName: 'Gil' },
  { id: 'hal', displayName: 'Hal' },
  { id: 'ida', displayName: 'Ida' },
];

export const LEARNING_SET_ROLES: RoleAssignment = {
  fay: 'facilitator',
  gil: 'challenger',
  hal: 'member',
  ida: 'member',
};

export interface SessionSetup {
  readonly framework?: Framework;
  readonly participants?: readonly NewParticipant[];
  readonly roles?: RoleAssignment;
}

/** A not-started trio (Ana coaches, Bo is coached, Cy observes) in the practice framework. */
export function makeSession(setup: SessionSetup = {}): SessionState {
  return createSession({
    id: 'session-1',
    framework: setup.framework ?? PRACTICE_FRAMEWORK,
    participants: setup.participants ?? TRIO,
    roles: setup.roles ?? TRIO_ROLES,
  });
}

/** Applies a command that the test expects to succeed; a refusal is a broken test set-up. */
export function mustReduce(state: SessionState, command: unknown, now: EpochMs): SessionState {
  const result = reduce(state, command, now);
  if (!result.ok) throw new Error(`Set-up command refused: ${result.code} ${result.message}`);
  return result.state;
}

/** The trio's session, started by Ana at T0. */
export function makeStartedSession(setup: SessionSetup = {}): SessionState {
  const state = makeSession(setup);
  const starter = setup.framework?.kind === 'action-learning' ? 'fay' : 'ana';
  return mustReduce(state, { type: 'start', by: starter }, T0);
}
