import { describe, expect, it } from 'vitest';
import { minutesToMs } from '../units.js';
import type { Framework, Stage } from './model.js';
import { validateFramework } from './validate.js';
import type { FrameworkIssue, FrameworkValidation } from './validate.js';

const opening: Stage = {
  id: 'opening',
  kind: 'opening',
  name: 'Norms, signals and consent',
  purpose: 'Agree how we work together.',
  timeboxMs: minutesToMs(3),
  prompts: { everyone: ['Anyone can pass at any point.'] },
  rules: {},
};
const talk: Stage = {
  id: 'talk',
  name: 'Talk',
  purpose: 'Explore the situation.',
  timeboxMs: minutesToMs(10),
  prompts: { coach: ['What is happening now?'], coachee: ['Say it as it is.'] },
  rules: {},
};
const closing: Stage = {
  id: 'closing',
  kind: 'closing',
  name: 'Commitments and appreciation',
  purpose: 'Commit and thank each other.',
  timeboxMs: minutesToMs(3),
  prompts: { everyone: ['Say one thing you will do.'] },
  rules: {},
};
const valid: Framework = {
  id: 'our-circle',
  name: 'Our circle',
  kind: 'coaching',
  summary: 'A short conversation.',
  minPeople: 2,
  maxPeople: 4,
  stages: [opening, talk, closing],
};

const withMiddle = (middle: Record<string, unknown>): Record<string, unknown> => ({
  ...valid,
  stages: [opening, { ...talk, ...middle }, closing],
});

function errorsOf(result: FrameworkValidation): readonly FrameworkIssue[] {
  return result.ok ? [] : result.errors;
}

/** The code and path of every issue, for exact comparisons. */
function located(result: FrameworkValidation): readonly string[] {
  return errorsOf(result).map((issue) => `${issue.code} @ ${issue.path}`);
}

describe('validateFramework', () => {
  it('accepts a well-formed framework and returns it, trimmed', () => {
    const result = validateFramework({ ...valid, name: '  Our circle  ' });
    expect(result).toEqual({ ok: true, framework: valid });
  });

  it('drops fields it does not know and keeps basedOn', () => {
    const result = validateFramework({ ...valid, basedOn: 'grow-for-equals', colour: 'red' });
    expect(result.ok && result.framework).toEqual({ ...valid, basedOn: 'grow-for-equals' });
  });

  it.each([[null], [42], ['framework'], [[]], [[valid]]])(
    'refuses input %# that is not an object',
    (input) => {
      expect(located(validateFramework(input))).toEqual(['INVALID_FIELD @ ']);
    },
  );

  it('needs at least one stage', () => {
    expect(located(validateFramework({ ...valid, stages: [] }))).toEqual(['NO_STAGES @ stages']);
    expect(located(validateFramework({ ...valid, stages: undefined }))).toEqual([
      'NO_STAGES @ stages',
    ]);
  });

  it('needs a framework id, name and kind', () => {
    const result = validateFramework({ ...valid, id: ' ', name: '', kind: 'therapy' });
    expect(located(result)).toEqual([
      'INVALID_FIELD @ id',
      'EMPTY_NAME @ name',
      'INVALID_FIELD @ kind',
    ]);
  });

  it('refuses a stage with an empty name or purpose, pointing at the field', () => {
    const result = validateFramework(withMiddle({ name: '   ', purpose: '' }));
    expect(located(result)).toEqual([
      'EMPTY_NAME @ stages[1].name',
      'EMPTY_PURPOSE @ stages[1].purpose',
    ]);
    expect(errorsOf(result)[0]?.message).toBe('Give stage 2 a name.');
  });

  it('refuses a stage with no prompts at all', () => {
    expect(located(validateFramework(withMiddle({ prompts: {} })))).toEqual([
      'NO_PROMPTS @ stages[1].prompts',
    ]);
    expect(located(validateFramework(withMiddle({ prompts: { coach: [] } })))).toEqual([
      'NO_PROMPTS @ stages[1].prompts',
    ]);
  });

  it('refuses empty, overlong and misaddressed prompts', () => {
    const result = validateFramework(
      withMiddle({
        prompts: { coach: ['Fine.', ' '], coachee: ['x'.repeat(201)], challenger: ['Hello?'] },
      }),
    );
    expect(located(result)).toEqual([
      'EMPTY_PROMPT @ stages[1].prompts.coach[1]',
      'PROMPT_TOO_LONG @ stages[1].prompts.coachee[0]',
      'UNKNOWN_PROMPT_ROLE @ stages[1].prompts.challenger',
    ]);
    expect(errorsOf(result)[2]?.message).toMatch(/everyone, coach, coachee, observer/);
  });

  it('refuses duplicate stage ids on the later stage', () => {
    const result = validateFramework({ ...valid, stages: [opening, talk, talk, closing] });
    expect(located(result)).toEqual(['DUPLICATE_STAGE_ID @ stages[2].id']);
    expect(errorsOf(result)[0]?.message).toContain('“talk”');
  });

  it.each([
    [0, 'it is 0 seconds'],
    [minutesToMs(1) - 1, 'it is 59 seconds'],
    [minutesToMs(61), 'it is 61 minutes'],
    [Number.NaN, 'minutes.'],
    ['10', 'minutes.'],
  ])('refuses a time-box of %s outside 1–60 minutes', (timeboxMs, hint) => {
    const result = validateFramework(withMiddle({ timeboxMs }));
    expect(located(result)).toEqual(['TIMEBOX_OUT_OF_RANGE @ stages[1].timeboxMs']);
    expect(errorsOf(result)[0]?.message).toContain('between 1 minute and 60 minutes');
    expect(errorsOf(result)[0]?.message).toContain(hint);
  });

  it('accepts time-boxes of exactly 1 and 60 minutes', () => {
    expect(validateFramework(withMiddle({ timeboxMs: minutesToMs(1) })).ok).toBe(true);
    expect(validateFramework(withMiddle({ timeboxMs: minutesToMs(60) })).ok).toBe(true);
  });

  it('refuses a total over 120 minutes and accepts exactly 120', () => {
    const long = { ...talk, timeboxMs: minutesToMs(57) };
    const atLimit = [opening, long, { ...long, id: 'talk-2' }, closing];
    expect(validateFramework({ ...valid, stages: atLimit }).ok).toBe(true);
    const over = [opening, long, { ...long, id: 'talk-2', timeboxMs: minutesToMs(58) }, closing];
    const result = validateFramework({ ...valid, stages: over });
    expect(located(result)).toEqual(['TOTAL_TOO_LONG @ stages']);
    expect(errorsOf(result)[0]?.message).toContain('121 minutes');
  });

  it('needs an alternative for a stage that asks consent for a role-play', () => {
    const result = validateFramework(withMiddle({ rules: { consent: 'role-play' } }));
    expect(located(result)).toEqual(['MISSING_CONSENT_ALTERNATIVE @ stages[1].consentAlternative']);
    expect(errorsOf(result)[0]?.message).toMatch(/declines/);
    const fixed = withMiddle({
      rules: { consent: 'role-play' },
      consentAlternative: 'Talk it through instead.',
    });
    expect(validateFramework(fixed).ok).toBe(true);
  });

  it('refuses unknown rules and wrongly typed rules', () => {
    const result = validateFramework(
      withMiddle({ rules: { questionOnly: true, askBeforeAdvising: 'yes', consent: 'hugs' } }),
    );
    expect(located(result)).toEqual([
      'UNKNOWN_RULE @ stages[1].rules.questionOnly',
      'INVALID_FIELD @ stages[1].rules.askBeforeAdvising',
      'INVALID_FIELD @ stages[1].rules.consent',
    ]);
  });

  it('keeps only the rules that are on', () => {
    const result = validateFramework(
      withMiddle({ rules: { questionsOnly: true, askBeforeAdvising: false } }),
    );
    expect(result.ok && result.framework.stages[1]?.rules).toEqual({ questionsOnly: true });
  });

  it('needs the opening first and the closing last', () => {
    expect(located(validateFramework({ ...valid, stages: [talk, closing] }))).toEqual([
      'MISSING_OPENING_STAGE @ stages[0]',
    ]);
    expect(located(validateFramework({ ...valid, stages: [opening, talk] }))).toEqual([
      'MISSING_CLOSING_STAGE @ stages[1]',
    ]);
    expect(located(validateFramework({ ...valid, stages: [opening] }))).toEqual([
      'MISSING_CLOSING_STAGE @ stages[0]',
    ]);
  });

  it('refuses an opening or closing marker in the middle', () => {
    const result = validateFramework({
      ...valid,
      stages: [opening, { ...talk, kind: 'closing' }, closing],
    });
    expect(located(result)).toEqual(['MISPLACED_STAGE_KIND @ stages[1].kind']);
    expect(located(validateFramework(withMiddle({ kind: 'middle' })))).toEqual([
      'INVALID_FIELD @ stages[1].kind',
    ]);
  });

  it.each([
    [{ minPeople: 1 }, ['INVALID_PEOPLE_RANGE @ minPeople']],
    [{ maxPeople: 13 }, ['INVALID_PEOPLE_RANGE @ maxPeople']],
    [{ minPeople: 2.5 }, ['INVALID_PEOPLE_RANGE @ minPeople']],
    [{ minPeople: 5, maxPeople: 3 }, ['INVALID_PEOPLE_RANGE @ maxPeople']],
    [{ minPeople: '2' }, ['INVALID_PEOPLE_RANGE @ minPeople']],
  ])('refuses a circle size of %j', (sizes, expected) => {
    expect(located(validateFramework({ ...valid, ...sizes }))).toEqual(expected);
  });

  it('keeps an action learning set to the 4 to 8 people rotation can seat', () => {
    const set = {
      ...valid,
      kind: 'action-learning',
      minPeople: 3,
      stages: [opening, { ...talk, prompts: { challenger: ['What is the challenge?'] } }, closing],
    };
    expect(located(validateFramework(set))).toEqual(['INVALID_PEOPLE_RANGE @ minPeople']);
    expect(located(validateFramework({ ...set, minPeople: 4, maxPeople: 9 }))).toEqual([
      'INVALID_PEOPLE_RANGE @ maxPeople',
    ]);
    expect(validateFramework({ ...set, minPeople: 4, maxPeople: 8 }).ok).toBe(true);
  });

  it('reports a stage that is not an object by its position', () => {
    const result = validateFramework({ ...valid, stages: [opening, 'talk', closing] });
    expect(located(result)).toEqual(['INVALID_FIELD @ stages[1]']);
  });

  it('reports a hole in the stages instead of skipping it', () => {
    const sparse: unknown[] = [opening];
    sparse[2] = closing;
    expect(located(validateFramework({ ...valid, stages: sparse }))).toEqual([
      'INVALID_FIELD @ stages[1]',
    ]);
  });

  it('refuses more stages than could ever fit, without reading each one', () => {
    const many = Array.from({ length: 121 }, (_, index) => ({ ...talk, id: `s${index}` }));
    expect(located(validateFramework({ ...valid, stages: many }))).toEqual([
      'TOTAL_TOO_LONG @ stages',
    ]);
  });

  it('reports every problem at once, not just the first', () => {
    const result = validateFramework({
      ...valid,
      name: '',
      stages: [opening, { ...talk, purpose: '', timeboxMs: 0 }, closing],
    });
    expect(located(result)).toEqual([
      'EMPTY_NAME @ name',
      'EMPTY_PURPOSE @ stages[1].purpose',
      'TIMEBOX_OUT_OF_RANGE @ stages[1].timeboxMs',
    ]);
  });

  it('reads own fields only, never the prototype', () => {
    const input = JSON.parse(
      JSON.stringify({
        ...valid,
        stages: [opening, { ...talk, prompts: { constructor: ['x'] } }, closing],
      }),
    ) as unknown;
    expect(located(validateFramework(input))).toEqual([
      'UNKNOWN_PROMPT_ROLE @ stages[1].prompts.constructor',
    ]);
  });

  describe('wording', () => {
    it('reports exclusionary wording at the path of the text', () => {
      const result = validateFramework({
        ...valid,
        summary: 'A quick chat for the guys.',
        stages: [
          opening,
          { ...talk, prompts: { coach: ['What is happening now?', 'Don’t be so lame.'] } },
          closing,
        ],
      });
      expect(located(result)).toEqual([
        'EXCLUSIONARY_WORDING @ summary',
        'EXCLUSIONARY_WORDING @ stages[1].prompts.coach[1]',
      ]);
      expect(errorsOf(result)[0]?.message).toContain('“guys”');
      expect(errorsOf(result)[1]?.message).toContain('“boring”');
    });

    it('checks stage names, purposes and consent alternatives', () => {
      const result = validateFramework(
        withMiddle({
          name: 'Ask the chairman',
          purpose: 'Stop being crazy busy.',
          rules: { consent: 'role-play' },
          consentAlternative: 'He can watch instead.',
        }),
      );
      expect(located(result)).toEqual([
        'EXCLUSIONARY_WORDING @ stages[1].name',
        'EXCLUSIONARY_WORDING @ stages[1].purpose',
        'EXCLUSIONARY_WORDING @ stages[1].consentAlternative',
      ]);
    });

    it('can be skipped when only the structure matters', () => {
      const input = { ...valid, summary: 'For the guys.' };
      expect(validateFramework(input, { wording: 'skip' }).ok).toBe(true);
      expect(validateFramework(input).ok).toBe(false);
    });
  });
});
