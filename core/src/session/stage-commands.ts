import type { EpochMs, StageId } from '../units.js';
import { isConsentStage, pendingConsent } from './consent.js';
import type {
  Applied,
  BackCommand,
  EndCommand,
  ExtendCommand,
  NextCommand,
  PauseCommand,
  ReduceResult,
  Refusal,
  ResumeCommand,
  SessionState,
  SkipCommand,
  StartCommand,
  StageRunOutcome,
} from './model.js';
import { describeParticipant, describeParticipants } from './participants.js';
import { canPause, canResume } from './permissions.js';
import { refuse, refuseAbsent, refuseEnded, refuseUnlessMover } from './refusals.js';
import { currentRun, currentStage, isLastStage } from './stages.js';
import { stageOverrunMs, stageRemainingMs } from './timing.js';
import {
  applied,
  closeStageRun,
  foldPauseIntoRun,
  openStageRun,
  replaceCurrentRun,
} from './transitions.js';

// The commands that move the session through its stages and its clock. Each checks, in order:
// the session's status, who is asking, then what the move needs (a stage to go to, consent).

export function startSession(
  state: SessionState,
  command: StartCommand,
  atMs: EpochMs,
): ReduceResult {
  const refusal =
    refuseIfStarted(state) ??
    refuseUnlessMover(state, command.by, 'start the session') ??
    refuseIfNoStages(state) ??
    refuseIfConsentPending(state, 0);
  if (refusal !== null) return refusal;
  const started: SessionState = { ...state, status: 'running', startedAtMs: atMs };
  const step = openStageRun(started, 0, atMs);
  return applied(step.state, [{ type: 'session-started', atMs, by: command.by }, ...step.effects]);
}

export function goToNextStage(
  state: SessionState,
  command: NextCommand | SkipCommand,
  atMs: EpochMs,
): ReduceResult {
  const action = command.type === 'skip' ? 'skip this stage' : 'move to the next stage';
  const targetIndex = state.stageIndex + 1;
  const refusal =
    refuseUnlessRunning(state) ??
    refuseUnlessMover(state, command.by, action) ??
    refuseIfStageChanged(state, command.expectedStageId) ??
    refuseIfNoNextStage(state) ??
    refuseIfConsentPending(state, targetIndex);
  if (refusal !== null) return refusal;
  return moveToStage(state, targetIndex, command.type === 'skip' ? 'skipped' : 'done', atMs);
}

export function goToPreviousStage(
  state: SessionState,
  command: BackCommand,
  atMs: EpochMs,
): ReduceResult {
  const targetIndex = state.stageIndex - 1;
  const refusal =
    refuseUnlessRunning(state) ??
    refuseUnlessMover(state, command.by, 'go back a stage') ??
    refuseIfStageChanged(state, command.expectedStageId) ??
    (targetIndex < 0
      ? refuse('NO_PREVIOUS_STAGE', 'This is the first stage; there is no stage before it.')
      : null) ??
    refuseIfConsentPending(state, targetIndex);
  if (refusal !== null) return refusal;
  return moveToStage(state, targetIndex, 'went-back', atMs);
}

function moveToStage(
  state: SessionState,
  targetIndex: number,
  outcome: StageRunOutcome,
  atMs: EpochMs,
): Applied {
  const closed = closeStageRun(state, outcome, atMs);
  const opened = openStageRun(closed.state, targetIndex, atMs);
  return applied(opened.state, [...closed.effects, ...opened.effects]);
}

export function pauseSession(
  state: SessionState,
  command: PauseCommand,
  atMs: EpochMs,
): ReduceResult {
  const refusal =
    refuseUnlessUnderway(state) ??
    (state.pause !== null
      ? refuse(
          'PAUSED',
          `${describeParticipant(state, state.pause.by)} has already paused the session.`,
        )
      : null) ??
    (canPause(state, command.by) ? null : refuseAbsent('pause the session'));
  if (refusal !== null) return refusal;
  const paused: SessionState = { ...state, status: 'paused', pause: { atMs, by: command.by } };
  return applied(paused, [{ type: 'session-paused', atMs, by: command.by }]);
}

export function resumeSession(
  state: SessionState,
  command: ResumeCommand,
  atMs: EpochMs,
): ReduceResult {
  const refusal =
    refuseUnlessUnderway(state) ??
    (state.pause === null ? refuse('NOT_PAUSED', 'The session is not paused.') : null) ??
    (canResume(state, command.by) ? null : refuseAbsent('resume the session'));
  if (refusal !== null) return refusal;
  const { state: resumed, pausedMs } = foldPauseIntoRun(state, atMs);
  return applied(resumed, [{ type: 'session-resumed', atMs, by: command.by, pausedMs }]);
}

/**
 * Adds time to the current stage, also while paused. When the stage has already run over, the
 * extension counts from now ("five more minutes" means five minutes left), so an extend always adds
 * exactly `byMs` to the remaining time.
 */
export function extendStage(
  state: SessionState,
  command: ExtendCommand,
  atMs: EpochMs,
): ReduceResult {
  const run = currentRun(state);
  const refusal =
    refuseUnlessUnderway(state) ??
    refuseUnlessMover(state, command.by, 'extend this stage') ??
    refuseIfStageChanged(state, command.expectedStageId);
  if (refusal !== null) return refusal;
  if (run === null) return refuse('INVALID_STATE', 'The current stage has no open run.');
  const addedMs = stageOverrunMs(state, atMs) + command.byMs;
  const remainingMs = stageRemainingMs(state, atMs) + command.byMs;
  const extended = replaceCurrentRun(state, { ...run, extendedMs: run.extendedMs + addedMs });
  return applied(extended, [
    { type: 'stage-extended', stageId: run.stageId, byMs: command.byMs, remainingMs },
  ]);
}

/** Ends the session from any stage, also while paused; the pause is closed first. */
export function endSession(state: SessionState, command: EndCommand, atMs: EpochMs): ReduceResult {
  const refusal =
    refuseUnlessUnderway(state) ?? refuseUnlessMover(state, command.by, 'end the session');
  if (refusal !== null) return refusal;
  const { state: unpaused } = foldPauseIntoRun(state, atMs);
  const outcome: StageRunOutcome = isLastStage(state) ? 'done' : 'session-ended';
  const closed = closeStageRun(unpaused, outcome, atMs);
  const ended: SessionState = { ...closed.state, status: 'ended', endedAtMs: atMs, pause: null };
  return applied(ended, [...closed.effects, { type: 'session-ended', atMs, by: command.by }]);
}

function refuseIfStarted(state: SessionState): Refusal | null {
  if (state.status === 'ended') return refuseEnded();
  if (state.status !== 'not-started') {
    return refuse('ALREADY_STARTED', 'The session has already started.');
  }
  return null;
}

/** Running or paused. */
function refuseUnlessUnderway(state: SessionState): Refusal | null {
  if (state.status === 'not-started') {
    return refuse('NOT_STARTED', 'The session has not started yet. Start it first.');
  }
  return state.status === 'ended' ? refuseEnded() : null;
}

function refuseUnlessRunning(state: SessionState): Refusal | null {
  const refusal = refuseUnlessUnderway(state);
  if (refusal !== null || state.status !== 'paused') return refusal;
  return refuse('PAUSED', 'The session is paused. Resume it before moving to another stage.');
}

function refuseIfNoStages(state: SessionState): Refusal | null {
  return state.framework.stages.length === 0
    ? refuse('NO_NEXT_STAGE', 'This framework has no stages. Choose or edit a framework first.')
    : null;
}

function refuseIfNoNextStage(state: SessionState): Refusal | null {
  return isLastStage(state)
    ? refuse('NO_NEXT_STAGE', 'This is the last stage. End the session when the circle is done.')
    : null;
}

function refuseIfStageChanged(state: SessionState, expectedStageId?: StageId): Refusal | null {
  const stage = currentStage(state);
  if (expectedStageId === undefined || stage?.id === expectedStageId) return null;
  return refuse(
    'STAGE_CHANGED',
    `The session has already moved on to "${stage?.name ?? 'another stage'}". Check the panel and try again.`,
  );
}

function refuseIfConsentPending(state: SessionState, stageIndex: number): Refusal | null {
  const stage = state.framework.stages[stageIndex];
  if (stage === undefined || !isConsentStage(stage)) return null;
  const pending = pendingConsent(state, stage.id);
  if (pending.length === 0) return null;
  return refuse(
    'CONSENT_PENDING',
    `"${stage.name}" starts once everyone present has said whether they are happy to take part. Waiting for ${describeParticipants(state, pending)}.`,
    pending,
  );
}
