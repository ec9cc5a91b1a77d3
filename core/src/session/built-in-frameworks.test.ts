import { describe, expect, it } from 'vitest';
import { BUILT_IN_FRAMEWORKS } from '../frameworks/index.js';
import type { Framework } from '../frameworks/model.js';
import type { RoleAssignment } from '../roles/model.js';
import { createSession } from './create-session.js';
import { T0 } from './frameworks.fixture.js';
import type { SessionEffect, SessionState } from './model.js';
import { reduce } from './reduce.js';
import { comparePlanWithActual } from './timing.js';

const PEOPLE = ['ana', 'bo', 'cy', 'dee'];

function rolesFor(framework: Framework): RoleAssignment {
  return framework.kind === 'action-learning'
    ? { ana: 'facilitator', bo: 'challenger', cy: 'member', dee: 'member' }
    : { ana: 'coach', bo: 'coachee', cy: 'observer', dee: 'observer' };
}

/**
 * Runs the whole framework: each stage takes exactly its time-box; before a stage that asks for
 * consent, everyone answers and Dee declines. Returns the final state and every effect.
 */
function runThrough(framework: Framework): { state: SessionState; effects: SessionEffect[] } {
  let state = createSession({
    id: `walk-${framework.id}`,
    framework,
    participants: PEOPLE.map((id) => ({ id, displayName: id })),
    roles: rolesFor(framework),
  });
  const effects: SessionEffect[] = [];
  let now = T0;
  const apply = (command: unknown) => {
    const result = reduce(state, command, now);
    if (!result.ok) throw new Error(`${framework.id}: ${result.code} ${result.message}`);
    state = result.state;
    effects.push(...result.effects);
  };
  const answerConsent = (stageIndex: number) => {
    const stage = framework.stages[stageIndex];
    if (stage?.rules.consent === undefined) return;
    for (const by of PEOPLE) {
      apply({
        type: 'record-consent',
        by,
        stageId: stage.id,
        answer: by === 'dee' ? 'declined' : 'given',
      });
    }
  };
  answerConsent(0);
  apply({ type: 'start', by: 'ana' });
  framework.stages.forEach((stage, index) => {
    now += stage.timeboxMs;
    if (index === framework.stages.length - 1) return;
    answerConsent(index + 1);
    apply({ type: 'next', by: 'ana' });
  });
  apply({ type: 'end', by: 'ana' });
  return { state, effects };
}

describe.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.name, framework] as const))(
  'running %s from start to end',
  (_name, framework) => {
    it('visits every stage once, on time, and ends', () => {
      const { state } = runThrough(framework);
      expect(state.status).toBe('ended');
      expect(state.timeline.map((run) => run.stageId)).toEqual(
        framework.stages.map((stage) => stage.id),
      );
      const plan = comparePlanWithActual(state, state.endedAtMs ?? T0);
      expect(plan.map((stage) => [stage.actualMs, stage.overrunMs, stage.status])).toEqual(
        framework.stages.map((stage) => [stage.timeboxMs, 0, 'done']),
      );
    });

    it('offers the alternative to whoever declined a role-play', () => {
      const { effects } = runThrough(framework);
      const consentStages = framework.stages.filter((stage) => stage.rules.consent !== undefined);
      const offered = effects.filter((effect) => effect.type === 'taking-alternative');
      expect(offered).toEqual(
        consentStages.map((stage) => ({
          type: 'taking-alternative',
          stageId: stage.id,
          participants: ['dee'],
          alternative: stage.consentAlternative ?? null,
        })),
      );
    });
  },
);
