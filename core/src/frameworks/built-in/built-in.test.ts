import { describe, expect, it } from 'vitest';
import { ACTION_LEARNING_ROLES, COACHING_ROLES } from '../../roles/model.js';
import { minutesToMs } from '../../units.js';
import { frameworkTotalMs } from '../limits.js';
import type { Framework, Stage } from '../model.js';
import { validateFramework } from '../validate.js';
import { BUILT_IN_FRAMEWORKS, findBuiltInFramework } from './index.js';

function builtIn(id: string): Framework {
  const framework = findBuiltInFramework(id);
  if (framework === undefined) throw new Error(`missing built-in ${id}`);
  return framework;
}

function stage(framework: Framework, id: string): Stage {
  const found = framework.stages.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`missing stage ${id} in ${framework.id}`);
  return found;
}

const stageIds = (framework: Framework): readonly string[] => framework.stages.map((s) => s.id);

describe('built-in frameworks', () => {
  it('are the four of DESIGN.md, findable by id', () => {
    expect(BUILT_IN_FRAMEWORKS.map((framework) => framework.id)).toEqual([
      'weekly-micro-session',
      'grow-for-equals',
      'sbi-feedforward',
      'action-learning-set',
    ]);
    expect(findBuiltInFramework('grow-for-equals')?.name).toBe('GROW for equals');
    expect(findBuiltInFramework('no-such-framework')).toBeUndefined();
  });

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))(
    '%s passes its own validation, wording included, unchanged',
    (_id, framework) => {
      const result = validateFramework(framework);
      expect(result.ok ? [] : result.errors).toEqual([]);
      expect(result.ok && result.framework).toEqual(framework);
    },
  );

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))(
    '%s opens with norms and consent, closes with commitments and appreciation',
    (_id, framework) => {
      const first = framework.stages[0];
      const last = framework.stages.at(-1);
      expect(first?.kind).toBe('opening');
      expect(first?.name).toMatch(/norms, signals and consent/i);
      expect(last?.kind).toBe('closing');
      expect(last?.name).toMatch(/commitments and appreciation/i);
      expect(framework.stages.slice(1, -1).every((middle) => middle.kind === undefined)).toBe(true);
    },
  );

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))(
    '%s has unique kebab-case stage ids',
    (_id, framework) => {
      const ids = stageIds(framework);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    },
  );

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))(
    '%s gives every role of its kind 1–3 short prompts in every stage',
    (_id, framework) => {
      const roles = framework.kind === 'coaching' ? COACHING_ROLES : ACTION_LEARNING_ROLES;
      const audiences: readonly string[] = ['everyone', ...roles];
      for (const current of framework.stages) {
        expect(Object.keys(current.prompts).every((key) => audiences.includes(key))).toBe(true);
        for (const audience of audiences) {
          const prompts = current.prompts[audience as keyof typeof current.prompts] ?? [];
          expect(prompts.length, `${current.id}.${audience}`).toBeGreaterThanOrEqual(1);
          expect(prompts.length, `${current.id}.${audience}`).toBeLessThanOrEqual(3);
          for (const prompt of prompts) expect(prompt.length, prompt).toBeLessThanOrEqual(120);
        }
      }
    },
  );

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))(
    '%s offers an alternative in every stage that asks consent for a role-play',
    (_id, framework) => {
      for (const current of framework.stages) {
        if (current.rules.consent === 'role-play') {
          expect(current.consentAlternative, current.id).toMatch(/instead|watch|observe/i);
        }
      }
    },
  );
});

describe('the weekly micro-session', () => {
  const framework = builtIn('weekly-micro-session');

  it('runs intention, practise one skill, debrief and one experiment in 20–30 minutes', () => {
    expect(stageIds(framework)).toEqual([
      'norms-and-consent',
      'intention',
      'practise-one-skill',
      'debrief',
      'one-experiment',
      'commitments-and-appreciation',
    ]);
    expect(frameworkTotalMs(framework)).toBeGreaterThanOrEqual(minutesToMs(20));
    expect(frameworkTotalMs(framework)).toBeLessThanOrEqual(minutesToMs(30));
  });

  it('asks consent before practising', () => {
    expect(stage(framework, 'practise-one-skill').rules).toEqual({ consent: 'role-play' });
  });
});

describe('GROW for equals', () => {
  const framework = builtIn('grow-for-equals');

  it('runs ground, goal, reality, options, way forward and mutual commitments', () => {
    expect(stageIds(framework)).toEqual([
      'norms-and-consent',
      'ground',
      'goal',
      'reality',
      'options',
      'way-forward',
      'commitments-and-appreciation',
    ]);
    expect(stage(framework, 'commitments-and-appreciation').name).toMatch(/^Mutual commitments/);
  });

  it('asks before advising and asks consent for the role-play in options', () => {
    expect(stage(framework, 'options').rules).toEqual({
      askBeforeAdvising: true,
      consent: 'role-play',
    });
  });
});

describe('SBI plus feedforward', () => {
  const framework = builtIn('sbi-feedforward');

  it('runs permission, situation, behaviour, impact, feedforward, script, one sentence, practise', () => {
    expect(stageIds(framework)).toEqual([
      'norms-and-consent',
      'permission',
      'situation',
      'behaviour',
      'impact',
      'feedforward',
      'co-created-script',
      'one-sentence',
      'practise',
      'commitments-and-appreciation',
    ]);
  });

  it('wants observations, not interpretations, in situation and behaviour', () => {
    expect(stage(framework, 'situation').rules.observationsNotInterpretations).toBe(true);
    expect(stage(framework, 'behaviour').rules.observationsNotInterpretations).toBe(true);
    expect(stage(framework, 'impact').rules.observationsNotInterpretations).toBeUndefined();
  });

  it('asks consent before the practice', () => {
    expect(stage(framework, 'practise').rules.consent).toBe('role-play');
  });
});

describe('the action learning set', () => {
  const framework = builtIn('action-learning-set');

  it('takes exactly 60 minutes with 15 minutes of questions only', () => {
    expect(frameworkTotalMs(framework)).toBe(minutesToMs(60));
    expect(stage(framework, 'questions-only')).toMatchObject({
      timeboxMs: minutesToMs(15),
      rules: { questionsOnly: true },
    });
  });

  it('runs challenge, questions, experiments, the challenger chooses, insights, commitments', () => {
    expect(stageIds(framework)).toEqual([
      'norms-and-consent',
      'challenge',
      'questions-only',
      'experiments',
      'challenger-chooses',
      'insights',
      'commitments-and-appreciation',
    ]);
    expect(stage(framework, 'experiments').rules.askBeforeAdvising).toBe(true);
  });

  it('is written for challenger, facilitator and members of a set of 4–8', () => {
    expect(framework.kind).toBe('action-learning');
    expect([framework.minPeople, framework.maxPeople]).toEqual([4, 8]);
    expect(framework.stages.some((current) => 'coach' in current.prompts)).toBe(false);
  });
});
