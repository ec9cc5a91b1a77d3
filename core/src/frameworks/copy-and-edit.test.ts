import { describe, expect, it } from 'vitest';
import { minutesToMs } from '../units.js';
import { findBuiltInFramework } from './built-in/index.js';
import { copyFramework, editFramework } from './copy-and-edit.js';
import type { FrameworkEdit } from './copy-and-edit.js';
import { frameworkTotalMs } from './limits.js';
import type { Framework, Stage } from './model.js';
import { validateFramework } from './validate.js';

function grow(): Framework {
  const framework = findBuiltInFramework('grow-for-equals');
  if (framework === undefined) throw new Error('GROW for equals is missing');
  return framework;
}

function edited(framework: Framework, edits: readonly FrameworkEdit[]): Framework {
  const result = editFramework(framework, edits);
  if (!result.ok) throw new Error(result.error.message);
  return result.framework;
}

const ids = (framework: Framework): readonly string[] => framework.stages.map((stage) => stage.id);

const checkIn: Stage = {
  id: 'check-in',
  name: 'Check-in on last week',
  purpose: 'Hear how last week’s experiment went.',
  timeboxMs: minutesToMs(5),
  prompts: { everyone: ['What happened when you tried your experiment?'] },
  rules: {},
};

describe('copyFramework', () => {
  it('makes a new framework based on the source', () => {
    const copy = copyFramework(grow(), { id: 'circle-7-grow', name: 'Our GROW' });
    expect(copy).toEqual({
      ...grow(),
      id: 'circle-7-grow',
      name: 'Our GROW',
      basedOn: 'grow-for-equals',
    });
    expect(grow().basedOn).toBeUndefined();
  });

  it('keeps pointing at the built-in when a copy is copied', () => {
    const first = copyFramework(grow(), { id: 'a', name: 'A' });
    expect(copyFramework(first, { id: 'b', name: 'B' }).basedOn).toBe('grow-for-equals');
  });
});

describe('editFramework', () => {
  const copy = copyFramework(grow(), { id: 'circle-7-grow', name: 'Our GROW' });

  it('renames the framework and changes its summary', () => {
    const result = edited(copy, [
      { type: 'rename', name: 'GROW, our way' },
      { type: 'set-summary', summary: 'Shorter.' },
    ]);
    expect([result.name, result.summary]).toEqual(['GROW, our way', 'Shorter.']);
  });

  it('changes a stage’s prompts, purpose and time-box without touching the others', () => {
    const result = edited(copy, [
      {
        type: 'change-stage',
        stageId: 'reality',
        changes: {
          purpose: 'What is true right now?',
          timeboxMs: minutesToMs(8),
          prompts: { everyone: ['Facts first, then feelings.'] },
        },
      },
    ]);
    const reality = result.stages.find((stage) => stage.id === 'reality');
    expect(reality).toEqual({
      ...grow().stages[3],
      purpose: 'What is true right now?',
      timeboxMs: minutesToMs(8),
      prompts: { everyone: ['Facts first, then feelings.'] },
    });
    expect(frameworkTotalMs(result)).toBe(frameworkTotalMs(copy) - minutesToMs(2));
    expect(result.stages.filter((stage) => stage.id !== 'reality')).toEqual(
      copy.stages.filter((stage) => stage.id !== 'reality'),
    );
  });

  it('adds a stage before the closing stage by default, or at a given position', () => {
    expect(ids(edited(copy, [{ type: 'add-stage', stage: checkIn }])).at(-2)).toBe('check-in');
    expect(ids(edited(copy, [{ type: 'add-stage', stage: checkIn, atIndex: 1 }]))[1]).toBe(
      'check-in',
    );
    expect(ids(edited(copy, [{ type: 'add-stage', stage: checkIn, atIndex: 99 }])).at(-1)).toBe(
      'check-in',
    );
  });

  it('removes and reorders stages', () => {
    const result = edited(copy, [
      { type: 'remove-stage', stageId: 'ground' },
      { type: 'move-stage', stageId: 'reality', toIndex: 1 },
    ]);
    expect(ids(result)).toEqual([
      'norms-and-consent',
      'reality',
      'goal',
      'options',
      'way-forward',
      'commitments-and-appreciation',
    ]);
  });

  it('refuses an edit to a stage that is not there, and applies none of the edits', () => {
    const result = editFramework(copy, [
      { type: 'rename', name: 'Renamed' },
      { type: 'remove-stage', stageId: 'ground' },
      { type: 'remove-stage', stageId: 'ground' },
    ]);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'UNKNOWN_STAGE', path: 'edits[2].stageId' }),
    });
    expect(copy.name).toBe('Our GROW');
    expect(ids(copy)).toContain('ground');
  });

  it('refuses to add a stage whose id is taken', () => {
    const result = editFramework(copy, [{ type: 'add-stage', stage: { ...checkIn, id: 'goal' } }]);
    expect(result.ok || result.error).toMatchObject({
      code: 'DUPLICATE_STAGE_ID',
      path: 'edits[0].stage.id',
    });
  });

  it('refuses an edit type it does not know instead of throwing', () => {
    const unknownEdit = { type: 'explode' } as unknown as FrameworkEdit;
    const result = editFramework(copy, [unknownEdit]);
    expect(result.ok || result.error.path).toBe('edits[0].type');
  });
});

describe('copy, edit, validate', () => {
  it('a sensible edit of a copy validates and round-trips unchanged', () => {
    const copy = copyFramework(grow(), { id: 'circle-7-grow', name: 'Our GROW' });
    const result = edited(copy, [
      { type: 'add-stage', stage: checkIn, atIndex: 1 },
      { type: 'remove-stage', stageId: 'ground' },
      { type: 'change-stage', stageId: 'options', changes: { timeboxMs: minutesToMs(15) } },
    ]);
    expect(validateFramework(result)).toEqual({ ok: true, framework: result });
  });

  it('an edit that breaks the rules is caught with the path of the broken stage', () => {
    const copy = copyFramework(grow(), { id: 'circle-7-grow', name: 'Our GROW' });
    const result = edited(copy, [
      { type: 'move-stage', stageId: 'norms-and-consent', toIndex: 2 },
      { type: 'change-stage', stageId: 'goal', changes: { timeboxMs: minutesToMs(90) } },
      {
        type: 'change-stage',
        stageId: 'reality',
        changes: { prompts: { coach: ['Ask the guys.'] } },
      },
    ]);
    const validation = validateFramework(result);
    expect(
      validation.ok ? [] : validation.errors.map((issue) => `${issue.code} @ ${issue.path}`),
    ).toEqual([
      'TIMEBOX_OUT_OF_RANGE @ stages[1].timeboxMs',
      'MISSING_OPENING_STAGE @ stages[0]',
      'MISPLACED_STAGE_KIND @ stages[2].kind',
      'EXCLUSIONARY_WORDING @ stages[3].prompts.coach[0]',
    ]);
  });

  it('removing the opening stage is refused by validation', () => {
    const copy = copyFramework(grow(), { id: 'c', name: 'C' });
    const result = edited(copy, [{ type: 'remove-stage', stageId: 'norms-and-consent' }]);
    const validation = validateFramework(result);
    expect(validation.ok || validation.errors.map((issue) => issue.code)).toEqual([
      'MISSING_OPENING_STAGE',
    ]);
  });
});
