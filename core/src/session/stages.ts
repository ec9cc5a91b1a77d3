import type { Stage } from '../frameworks/model.js';
import type { SessionState, StageRun } from './model.js';

// Where the session is in its framework. Pure lookups; the moves themselves are in transitions.ts.

/** The stage on the panel: the first one before the start, none once the session has ended. */
export function currentStage(state: SessionState): Stage | null {
  if (state.status === 'ended') return null;
  return state.framework.stages[state.stageIndex] ?? null;
}

/** The stage `next` or `skip` would start; before the start, the first stage. */
export function nextStage(state: SessionState): Stage | null {
  if (state.status === 'ended') return null;
  if (state.status === 'not-started') return state.framework.stages[0] ?? null;
  return state.framework.stages[state.stageIndex + 1] ?? null;
}

export function previousStage(state: SessionState): Stage | null {
  if (state.status !== 'running' && state.status !== 'paused') return null;
  return state.framework.stages[state.stageIndex - 1] ?? null;
}

export function isLastStage(state: SessionState): boolean {
  return state.stageIndex >= state.framework.stages.length - 1;
}

/** The run of the current stage, while the session is running or paused. */
export function currentRun(state: SessionState): StageRun | null {
  if (state.status !== 'running' && state.status !== 'paused') return null;
  const run = state.timeline.at(-1);
  return run !== undefined && run.endedAtMs === null ? run : null;
}

export function findStage(state: SessionState, stageId: string): Stage | null {
  return state.framework.stages.find((stage) => stage.id === stageId) ?? null;
}
