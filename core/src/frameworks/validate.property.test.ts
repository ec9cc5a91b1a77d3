import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_LEARNING_ROLES, COACHING_ROLES } from '../roles/model.js';
import { minutesToMs } from '../units.js';
import { BUILT_IN_FRAMEWORKS } from './built-in/index.js';
import {
  MAX_FRAMEWORK_TOTAL_MS,
  MAX_PROMPT_LENGTH,
  MAX_STAGE_TIMEBOX_MS,
  MIN_STAGE_TIMEBOX_MS,
  frameworkTotalMs,
} from './limits.js';
import type { Framework } from './model.js';
import { validateFramework } from './validate.js';
import { checkWording } from './wording.js';

/** Usually `plausible`, now and then `other`, so both sides of every check are reached. */
function usually<T, U>(plausible: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 40, arbitrary: plausible }, { weight: 1, arbitrary: other });
}

const sentence = fc
  .array(fc.constantFrom('what', 'next', 'try', 'listen', 'you', 'one', 'step', 'the'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((words) => words.join(' '));
// Blank, overlong, exclusionary, or not text at all.
const badText = fc.oneof(
  fc.constantFrom('', '   ', 'Ask the guys.', 'x'.repeat(MAX_PROMPT_LENGTH + 1)),
  fc.anything(),
);
const text = usually(sentence, badText);

const AUDIENCES = {
  coaching: ['everyone', ...COACHING_ROLES],
  'action-learning': ['everyone', ...ACTION_LEARNING_ROLES],
} as const;

function stage(kind: keyof typeof AUDIENCES, stageKind: 'opening' | 'closing' | undefined) {
  const audience = usually(
    fc.constantFrom(...AUDIENCES[kind]),
    fc.constantFrom('coach', 'member', 'boss'),
  );
  const plainRules = fc.record(
    { questionsOnly: fc.boolean(), askBeforeAdvising: fc.boolean() },
    { requiredKeys: [] },
  );
  // Consent and its alternative come together, except now and then.
  const consent = usually(
    fc.option(
      fc.record({
        rules: plainRules.map((rules) => ({ ...rules, consent: 'role-play' })),
        consentAlternative: text,
      }),
      { nil: undefined },
    ),
    fc.record({ rules: fc.constant({ consent: 'role-play' }) }),
  );
  return fc
    .record({
      id: usually(
        fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'),
        fc.anything(),
      ),
      kind: usually(
        fc.constant(stageKind),
        fc.constantFrom('opening', 'closing', 'middle', undefined),
      ),
      name: text,
      purpose: text,
      timeboxMs: usually(
        fc.integer({ min: 1, max: 25 }).map(minutesToMs),
        fc.oneof(fc.integer({ min: -1_000, max: 4_000_000 }), fc.double(), fc.anything()),
      ),
      prompts: usually(
        fc.dictionary(
          audience,
          usually(fc.array(text, { minLength: 1, maxLength: 3 }), fc.anything()),
          {
            minKeys: 1,
            maxKeys: 3,
          },
        ),
        fc.anything(),
      ),
      rules: usually(plainRules, fc.anything()),
      consent,
    })
    .map(({ consent: withConsent, ...rest }) => ({ ...rest, ...withConsent }));
}

const frameworkLike = fc
  .constantFrom('coaching' as const, 'action-learning' as const)
  .chain((kind) =>
    fc.record(
      {
        id: usually(fc.constantFrom('circle-grow', 'x'), fc.anything()),
        name: text,
        kind: usually(fc.constant(kind), fc.anything()),
        summary: text,
        minPeople: usually(fc.integer({ min: 3, max: 6 }), fc.anything()),
        maxPeople: usually(fc.integer({ min: 6, max: 12 }), fc.integer()),
        basedOn: usually(fc.constant('grow-for-equals'), fc.anything()),
        stages: usually(
          fc
            .tuple(
              stage(kind, 'opening'),
              fc.array(stage(kind, undefined), { maxLength: 5 }),
              stage(kind, 'closing'),
            )
            .map(([first, middle, last]) => [first, ...middle, last]),
          fc.anything(),
        ),
      },
      { requiredKeys: ['id', 'name', 'kind', 'minPeople', 'maxPeople', 'stages'] },
    ),
  );

function expectInvariants(framework: Framework): void {
  const audiences: readonly string[] = [
    'everyone',
    ...(framework.kind === 'coaching' ? COACHING_ROLES : ACTION_LEARNING_ROLES),
  ];
  expect(framework.stages.length).toBeGreaterThanOrEqual(2);
  expect(framework.stages[0]?.kind).toBe('opening');
  expect(framework.stages.at(-1)?.kind).toBe('closing');
  expect(framework.stages.slice(1, -1).every((stage) => stage.kind === undefined)).toBe(true);
  expect(new Set(framework.stages.map((stage) => stage.id)).size).toBe(framework.stages.length);
  expect(frameworkTotalMs(framework)).toBeLessThanOrEqual(MAX_FRAMEWORK_TOTAL_MS);
  expect(framework.minPeople).toBeLessThanOrEqual(framework.maxPeople);
  expect(framework.minPeople).toBeGreaterThanOrEqual(2);
  expect(framework.name.trim()).not.toBe('');
  for (const stage of framework.stages) {
    expect(stage.name.trim()).not.toBe('');
    expect(stage.purpose.trim()).not.toBe('');
    expect(stage.timeboxMs).toBeGreaterThanOrEqual(MIN_STAGE_TIMEBOX_MS);
    expect(stage.timeboxMs).toBeLessThanOrEqual(MAX_STAGE_TIMEBOX_MS);
    if (stage.rules.consent !== undefined) expect(stage.consentAlternative?.trim()).toBeTruthy();
    const prompts = Object.entries(stage.prompts);
    expect(prompts.flatMap(([, list]) => list ?? []).length).toBeGreaterThan(0);
    for (const [role, list] of prompts) {
      expect(audiences).toContain(role);
      for (const prompt of list ?? []) {
        expect(prompt.trim()).not.toBe('');
        expect(prompt.length).toBeLessThanOrEqual(MAX_PROMPT_LENGTH);
      }
    }
  }
}

describe('validateFramework, for any input', () => {
  it('never throws, and refuses with at least one issue or accepts', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validateFramework(input);
        expect(result.ok || result.errors.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on near-frameworks, and whatever it accepts keeps every invariant', () => {
    let accepted = 0;
    fc.assert(
      fc.property(frameworkLike, (input) => {
        // The structure alone here, so that many runs fit the time budget; wording is next.
        const result = validateFramework(input, { wording: 'skip' });
        if (!result.ok) {
          for (const issue of result.errors) expect(issue.message.length).toBeGreaterThan(0);
          return;
        }
        accepted += 1;
        expectInvariants(result.framework);
        // Validation is idempotent: what it accepts, it accepts again unchanged.
        expect(validateFramework(result.framework, { wording: 'skip' })).toEqual(result);
      }),
      { numRuns: 300 },
    );
    // The generator must reach the accepting branch, or the invariants above were never checked.
    expect(accepted).toBeGreaterThan(0);
  });

  it('with the wording check, never throws and accepts no exclusionary text', () => {
    fc.assert(
      fc.property(frameworkLike, (input) => {
        const result = validateFramework(input);
        if (!result.ok) return;
        expectInvariants(result.framework);
        for (const stage of result.framework.stages) {
          const texts = [stage.name, stage.purpose, ...Object.values(stage.prompts).flat()];
          for (const text of texts) expect(checkWording(text ?? '')).toEqual([]);
        }
      }),
      // Each wording check costs about a millisecond, and a framework has dozens of texts.
      { numRuns: 40 },
    );
  });

  it('keeps the invariants for the built-ins', () => {
    for (const framework of BUILT_IN_FRAMEWORKS) expectInvariants(framework);
  });
});
