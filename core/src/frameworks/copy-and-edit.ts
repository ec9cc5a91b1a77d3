// Circles adapt a framework by copying it and applying small edits. Edits are plain data, so the
// tab can build them from form fields and the api can store or replay them. Editing only changes
// shape; whether the result may be used is `validateFramework`'s decision, made once at the end.
import type { DurationMs, FrameworkId, StageId } from '../units.js';
import type { Framework, Stage, StagePrompts, StageRules } from './model.js';
import type { FrameworkIssue } from './validate.js';

/** The copy remembers the built-in it came from, even when copied from another circle's copy. */
export function copyFramework(
  source: Framework,
  copy: { readonly id: FrameworkId; readonly name: string },
): Framework {
  return { ...source, id: copy.id, name: copy.name, basedOn: source.basedOn ?? source.id };
}

/** The parts of a stage a circle may change in place; its id and opening/closing marker stay. */
export interface StageChanges {
  readonly name?: string;
  readonly purpose?: string;
  readonly timeboxMs?: DurationMs;
  /** Replaces all of the stage's prompts. */
  readonly prompts?: StagePrompts;
  /** Replaces all of the stage's rules. */
  readonly rules?: StageRules;
  readonly consentAlternative?: string;
}

export type FrameworkEdit =
  | { readonly type: 'rename'; readonly name: string }
  | { readonly type: 'set-summary'; readonly summary: string }
  | { readonly type: 'change-stage'; readonly stageId: StageId; readonly changes: StageChanges }
  /** Without `atIndex`, the stage goes just before the closing stage, where new content belongs. */
  | { readonly type: 'add-stage'; readonly stage: Stage; readonly atIndex?: number }
  | { readonly type: 'remove-stage'; readonly stageId: StageId }
  | { readonly type: 'move-stage'; readonly stageId: StageId; readonly toIndex: number };

export type FrameworkEditResult =
  | { readonly ok: true; readonly framework: Framework }
  | { readonly ok: false; readonly error: FrameworkIssue };

/** Applies the edits in order; the first edit that cannot apply stops the lot, and nothing changes. */
export function editFramework(
  framework: Framework,
  edits: readonly FrameworkEdit[],
): FrameworkEditResult {
  let current = framework;
  for (const [index, edit] of edits.entries()) {
    const result = applyEdit(current, edit, `edits[${index}]`);
    if (!result.ok) return result;
    current = result.framework;
  }
  return { ok: true, framework: current };
}

function applyEdit(framework: Framework, edit: FrameworkEdit, path: string): FrameworkEditResult {
  switch (edit.type) {
    case 'rename':
      return { ok: true, framework: { ...framework, name: edit.name } };
    case 'set-summary':
      return { ok: true, framework: { ...framework, summary: edit.summary } };
    case 'change-stage':
      return withStage(framework, edit.stageId, path, (index, stage) =>
        replaceAt(framework.stages, index, { ...stage, ...edit.changes }),
      );
    case 'remove-stage':
      return withStage(framework, edit.stageId, path, (index) =>
        framework.stages.filter((_, position) => position !== index),
      );
    case 'move-stage':
      return withStage(framework, edit.stageId, path, (index, stage) => {
        const rest = framework.stages.filter((_, position) => position !== index);
        return insertAt(rest, clampIndex(edit.toIndex, rest.length), stage);
      });
    case 'add-stage': {
      if (framework.stages.some((stage) => stage.id === edit.stage.id)) {
        return refuse(
          'DUPLICATE_STAGE_ID',
          `${path}.stage.id`,
          `Another stage already has the id “${edit.stage.id}”.`,
        );
      }
      const atIndex =
        edit.atIndex === undefined
          ? defaultInsertIndex(framework.stages)
          : clampIndex(edit.atIndex, framework.stages.length);
      return {
        ok: true,
        framework: { ...framework, stages: insertAt(framework.stages, atIndex, edit.stage) },
      };
    }
    default:
      // Edits may arrive as JSON from an older or newer client.
      return refuse('INVALID_FIELD', `${path}.type`, 'This kind of edit is not known.');
  }
}

function withStage(
  framework: Framework,
  stageId: StageId,
  path: string,
  change: (index: number, stage: Stage) => readonly Stage[],
): FrameworkEditResult {
  const index = framework.stages.findIndex((stage) => stage.id === stageId);
  const stage = framework.stages[index];
  if (stage === undefined) {
    return refuse(
      'UNKNOWN_STAGE',
      `${path}.stageId`,
      `There is no stage “${stageId}” in this framework any more. Reload it and try again.`,
    );
  }
  return { ok: true, framework: { ...framework, stages: change(index, stage) } };
}

function refuse(code: FrameworkIssue['code'], path: string, message: string): FrameworkEditResult {
  return { ok: false, error: { code, path, message } };
}

function defaultInsertIndex(stages: readonly Stage[]): number {
  const last = stages.at(-1);
  return last?.kind === 'closing' ? stages.length - 1 : stages.length;
}

/** Out-of-range or fractional positions mean "as close as possible", never an error. */
function clampIndex(index: number, length: number): number {
  if (!Number.isFinite(index)) return index > 0 ? length : 0;
  return Math.min(Math.max(Math.trunc(index), 0), length);
}

function insertAt<T>(items: readonly T[], index: number, item: T): readonly T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

function replaceAt<T>(items: readonly T[], index: number, item: T): readonly T[] {
  return items.map((existing, position) => (position === index ? item : existing));
}
