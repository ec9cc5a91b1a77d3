import type { EpochMs, ParticipantId } from '../units.js';
import { decliners, pendingConsent, upcomingConsentStage } from './consent.js';
import type { Applied, SessionEffect, SessionState, StageRun, StageRunOutcome } from './model.js';
import { currentRun } from './stages.js';
import { activeMs } from './timing.js';

// The moves on the timeline, shared by the commands: open a run, close it, fold a pause into it.
// Each returns the new state with the effects it caused.

export interface Step {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}

export function openStageRun(state: SessionState, stageIndex: number, atMs: EpochMs): Step {
  const stage = state.framework.stages[stageIndex];
  if (stage === undefined) return { state, effects: [] };
  const run: StageRun = {
    stageId: stage.id,
    stageIndex,
    startedAtMs: atMs,
    endedAtMs: null,
    pausedMs: 0,
    extendedMs: 0,
    outcome: null,
  };
  const opened: SessionState = { ...state, stageIndex, timeline: [...state.timeline, run] };
  const effects: SessionEffect[] = [
    { type: 'stage-started', stageId: stage.id, stageIndex, atMs, timeboxMs: stage.timeboxMs },
  ];
  const declined = decliners(opened, stage.id);
  if (stage.rules.consent !== undefined && declined.length > 0) {
    effects.push(takingAlternative(opened, stage.id, declined));
  }
  return { state: opened, effects: [...effects, ...requestUpcomingConsent(opened)] };
}

export function closeStageRun(state: SessionState, outcome: StageRunOutcome, atMs: EpochMs): Step {
  const run = currentRun(state);
  if (run === null) return { state, effects: [] };
  const closed: StageRun = { ...run, endedAtMs: atMs, outcome };
  const timeboxMs = state.framework.stages[run.stageIndex]?.timeboxMs ?? 0;
  const actualMs = activeMs(closed, atMs);
  const effect: SessionEffect = {
    type: 'stage-ended',
    stageId: run.stageId,
    stageIndex: run.stageIndex,
    atMs,
    outcome,
    actualMs,
    overrunMs: actualMs - timeboxMs,
  };
  return { state: replaceCurrentRun(state, closed), effects: [effect] };
}

/** Ends the pause in progress: its length goes into the current run, so the stage clock skips it. */
export function foldPauseIntoRun(
  state: SessionState,
  atMs: EpochMs,
): { readonly state: SessionState; readonly pausedMs: number } {
  const run = currentRun(state);
  if (state.pause === null || run === null) return { state, pausedMs: 0 };
  const pausedMs = Math.max(0, atMs - state.pause.atMs);
  const resumed: SessionState = { ...state, status: 'running', pause: null };
  return {
    state: replaceCurrentRun(resumed, { ...run, pausedMs: run.pausedMs + pausedMs }),
    pausedMs,
  };
}

export function replaceCurrentRun(state: SessionState, run: StageRun): SessionState {
  return { ...state, timeline: [...state.timeline.slice(0, -1), run] };
}

/** Asks ahead for consent to the next stage, from `only` (when given) or everyone pending. */
export function requestUpcomingConsent(
  state: SessionState,
  only?: ParticipantId,
): readonly SessionEffect[] {
  const stage = upcomingConsentStage(state);
  if (stage === null) return [];
  const pending = pendingConsent(state, stage.id).filter((id) => only === undefined || id === only);
  return pending.length === 0 ? [] : [{ type: 'consent-requested', stageId: stage.id, pending }];
}

export function takingAlternative(
  state: SessionState,
  stageId: string,
  participants: readonly ParticipantId[],
): SessionEffect {
  const stage = state.framework.stages.find((candidate) => candidate.id === stageId);
  return {
    type: 'taking-alternative',
    stageId,
    participants,
    alternative: stage?.consentAlternative ?? null,
  };
}

export function applied(state: SessionState, effects: readonly SessionEffect[]): Applied {
  return { ok: true, state, effects };
}
