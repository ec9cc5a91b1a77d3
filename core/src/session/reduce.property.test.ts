import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Framework } from '../frameworks/model.js';
import { ROLES } from '../roles/model.js';
import { MINUTE_MS } from '../units.js';
import { createSession } from './create-session.js';
import { BUILT_IN_FRAMEWORKS } from '../frameworks/index.js';
import { FIXTURE_FRAMEWORKS, makeStartedSession, mustReduce, T0 } from './frameworks.fixture.js';
import { MAX_EXTEND_MS, REFUSAL_CODES, SESSION_COMMAND_TYPES, type SessionState } from './model.js';
import { reduce } from './reduce.js';
import { isSessionState } from './state-shape.js';
import { stageElapsedMs, stageOverrunMs, stageRemainingMs } from './timing.js';

// Ids that exist, one that does not, and ones that are also names on Object.prototype.
const ACTORS = ['ana', 'bo', 'cy', 'dee', 'zed', 'constructor', '__proto__'];
const ALL_FRAMEWORKS = [...FIXTURE_FRAMEWORKS, ...BUILT_IN_FRAMEWORKS];
const ALL_STAGES = ALL_FRAMEWORKS.flatMap((framework) => framework.stages);
const STAGE_IDS = [...new Set(ALL_STAGES.map((stage) => stage.id)), 'nowhere'];
const CONSENT_STAGE_IDS = [
  ...new Set(ALL_STAGES.filter((stage) => stage.rules.consent).map((stage) => stage.id)),
];

// Weighted towards the people in the session, so random runs get well past the start.
const actor = fc.oneof(
  { weight: 4, arbitrary: fc.constant('ana') },
  { weight: 3, arbitrary: fc.constantFrom('bo', 'cy') },
  { weight: 1, arbitrary: fc.constantFrom(...ACTORS) },
);
const consentStageId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CONSENT_STAGE_IDS) },
  { weight: 1, arbitrary: fc.constantFrom(...STAGE_IDS) },
);

/** Commands of every type, mostly well formed, from anyone, with values on and over the edges. */
const wellFormedCommand = fc.oneof(
  fc.record({
    type: fc.constantFrom('start', 'next', 'back', 'skip', 'pause', 'resume', 'end'),
    by: actor,
  }),
  fc.record({
    type: fc.constantFrom('start', 'next', 'next', 'back', 'skip', 'pause', 'resume'),
    by: actor,
  }),
  fc.record({
    type: fc.constantFrom('next', 'resume', 'record-consent'),
    by: actor,
    stageId: consentStageId,
    answer: fc.constantFrom('given', 'given', 'declined'),
  }),
  fc.record(
    {
      type: fc.constantFrom('next', 'back', 'skip'),
      by: actor,
      expectedStageId: fc.constantFrom(...STAGE_IDS),
    },
    { requiredKeys: ['type', 'by'] },
  ),
  fc.record({
    type: fc.constant('extend'),
    by: actor,
    byMs: fc.oneof(fc.integer({ min: 1, max: MAX_EXTEND_MS }), fc.integer(), fc.double()),
  }),
  fc.record({
    type: fc.constant('assign-roles'),
    by: actor,
    roles: fc.dictionary(actor, fc.constantFrom(...ROLES), { maxKeys: 5 }),
  }),
  fc.record({
    type: fc.constant('join'),
    by: actor,
    participant: actor,
    displayName: fc.string({ maxLength: 12 }),
    isGuest: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('mark-presence'),
    by: actor,
    participant: actor,
    presence: fc.constantFrom('present', 'absent'),
  }),
  fc.record({
    type: fc.constant('record-consent'),
    by: actor,
    stageId: consentStageId,
    answer: fc.constantFrom('given', 'declined'),
  }),
  fc.record({ type: fc.constant('opt-out-tracking'), by: actor, optedOut: fc.boolean() }),
);

/** Anything at all, including objects with a real command type and junk fields. */
const arbitraryCommand = fc.oneof(
  fc.anything(),
  fc.jsonValue(),
  fc.record({ type: fc.constantFrom(...SESSION_COMMAND_TYPES), by: fc.anything() }),
  fc.dictionary(fc.constantFrom('type', 'by', 'byMs', 'roles', 'participant'), fc.anything()),
);

/** Mostly forward, sometimes backwards, sometimes not a time at all. */
const timeStep = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 10 * MINUTE_MS }) },
  { weight: 1, arbitrary: fc.integer({ min: -MINUTE_MS, max: -1 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -Infinity) },
);

const step = fc.record({
  command: fc.oneof(
    { weight: 4, arbitrary: wellFormedCommand },
    { weight: 1, arbitrary: arbitraryCommand },
  ),
  dtMs: timeStep,
});

/** A new session, or (when `isStarted`) one Ana has started, when she may and the framework allows. */
function startingState(
  framework: Framework,
  people: readonly string[],
  isStarted: boolean,
): SessionState {
  const state = createSession({
    id: 'session-p',
    framework,
    participants: people.map((id) => ({
      id,
      displayName: id.toUpperCase(),
      isGuest: id === 'dee',
    })),
    roles:
      framework.kind === 'coaching'
        ? { ana: 'coach', bo: 'coachee', cy: 'observer' }
        : { ana: 'facilitator', bo: 'challenger', cy: 'member' },
  });
  const started = isStarted ? reduce(state, { type: 'start', by: 'ana' }, T0) : null;
  return started?.ok === true ? started.state : state;
}

const people = fc.oneof(
  { weight: 4, arbitrary: fc.subarray(['cy', 'dee']).map((others) => ['ana', 'bo', ...others]) },
  { weight: 1, arbitrary: fc.subarray(['ana', 'bo', 'cy', 'dee']) },
);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** What must hold of every state the machine hands back. */
function expectSoundState(state: SessionState, now: number): void {
  expect(isSessionState(state)).toBe(true);
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  for (const atMs of [now, now - MINUTE_MS, now + 60 * MINUTE_MS, Number.NaN]) {
    expect(stageRemainingMs(state, atMs)).toBeGreaterThanOrEqual(0);
    expect(stageOverrunMs(state, atMs)).toBeGreaterThanOrEqual(0);
    expect(stageElapsedMs(state, atMs)).toBeGreaterThanOrEqual(0);
  }
  state.timeline.forEach((run, index) => {
    const previous = state.timeline[index - 1];
    if (previous !== undefined)
      expect(run.startedAtMs).toBeGreaterThanOrEqual(previous.endedAtMs ?? Infinity);
    if (run.endedAtMs !== null) expect(run.endedAtMs).toBeGreaterThanOrEqual(run.startedAtMs);
    expect(run.endedAtMs === null).toBe(run.outcome === null);
  });
}

/** Random sessions in these frameworks: the machine never throws, never mutates its input, and
 * hands back only sound states or refusals with a known code and a message. */
function expectMachineHoldsUp(frameworks: readonly Framework[]): void {
  fc.assert(
    fc.property(
      fc.constantFrom(...frameworks),
      people,
      fc.boolean(),
      fc.array(step, { minLength: 1, maxLength: 60, size: 'large' }),
      (framework, who, isStarted, steps) => {
        let state = deepFreeze(startingState(framework, who, isStarted));
        let now = T0;
        for (const { command, dtMs } of steps) {
          const atMs = Number.isFinite(dtMs) ? now + dtMs : dtMs;
          const result = reduce(state, command, atMs);
          if (result.ok) {
            expectSoundState(result.state, now);
            state = deepFreeze(result.state);
          } else {
            expect(REFUSAL_CODES).toContain(result.code);
            expect(result.message.length).toBeGreaterThan(0);
          }
          if (Number.isFinite(dtMs)) now += dtMs;
        }
      },
    ),
    { numRuns: 200 },
  );
}

describe('the session machine, for any sequence of commands and times', () => {
  it('holds up in the test frameworks, including one with no stages', () => {
    expectMachineHoldsUp(FIXTURE_FRAMEWORKS);
  });

  it('holds up in the built-in frameworks', () => {
    expectMachineHoldsUp(BUILT_IN_FRAMEWORKS);
  });

  it('never throws on a damaged state', () => {
    fc.assert(
      fc.property(fc.anything(), wellFormedCommand, (state, command) => {
        const result = reduce(state as SessionState, command, T0);
        expect(result.ok ? 'applied' : result.code).toBe('INVALID_STATE');
      }),
    );
  });
});

describe('the stage clock, for any history', () => {
  /** A started practice session after a random run of waits, pauses, resumes and extends. */
  const history = fc.array(
    fc.record({
      command: fc.oneof(
        fc.constant<unknown>({ type: 'pause', by: 'bo' }),
        fc.constant<unknown>({ type: 'resume', by: 'cy' }),
        fc
          .integer({ min: 1, max: MAX_EXTEND_MS })
          .map<unknown>((byMs) => ({ type: 'extend', by: 'ana', byMs })),
      ),
      dtMs: fc.integer({ min: 0, max: 5 * MINUTE_MS }),
    }),
    { maxLength: 12 },
  );

  function replay(steps: readonly { command: unknown; dtMs: number }[]): {
    state: SessionState;
    now: number;
  } {
    let state = makeStartedSession();
    let now = T0;
    for (const { command, dtMs } of steps) {
      now += dtMs;
      const result = reduce(state, command, now);
      if (result.ok) state = result.state;
    }
    return { state, now };
  }

  it('never shows a negative remaining time', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: -60 * MINUTE_MS, max: 600 * MINUTE_MS }),
        (steps, laterMs) => {
          const { state, now } = replay(steps);
          expect(stageRemainingMs(state, now + laterMs)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('an extend adds exactly its time to the remaining time', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 0, max: 30 * MINUTE_MS }),
        fc.integer({ min: 1, max: MAX_EXTEND_MS }),
        (steps, waitMs, byMs) => {
          const { state, now } = replay(steps);
          const atMs = now + waitMs;
          const extended = mustReduce(state, { type: 'extend', by: 'ana', byMs }, atMs);
          expect(stageRemainingMs(extended, atMs)).toBe(stageRemainingMs(state, atMs) + byMs);
        },
      ),
    );
  });

  it('remaining plus elapsed is the time-box plus extensions while not overrun', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 30 * MINUTE_MS }), (steps, waitMs) => {
        const { state, now } = replay(steps);
        const atMs = now + waitMs;
        const allowanceMs = 2 * MINUTE_MS + (state.timeline.at(-1)?.extendedMs ?? 0);
        const elapsedMs = stageElapsedMs(state, atMs);
        expect(stageRemainingMs(state, atMs) - stageOverrunMs(state, atMs)).toBe(
          allowanceMs - elapsedMs,
        );
      }),
    );
  });
});
