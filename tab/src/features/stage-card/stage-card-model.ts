import {
  canMoveStages,
  canPause,
  canResume,
  consentAnswerOf,
  currentStage,
  decliners,
  findParticipant,
  isConsentStage,
  isStageOverrun,
  movingRoleFor,
  nextStage,
  pendingConsent,
  previousStage,
  stageAllowanceMs,
  stageElapsedMs,
  stageOverrunMs,
  stageRemainingMs,
  upcomingConsentStage,
  type ConsentAnswer,
  type DurationMs,
  type EpochMs,
  type ParticipantId,
  type Role,
  type SessionState,
  type Stage,
} from '@grow-together/core';

// What the stage card shows, read from core: the clock, the permissions and consent all come from
// the same functions the session machine and the api use, so a button shown is a command accepted.

export interface StageControls {
  readonly canStart: boolean;
  readonly canNext: boolean;
  readonly canBack: boolean;
  readonly canExtend: boolean;
  readonly canPause: boolean;
  readonly canResume: boolean;
  readonly canEnd: boolean;
}

export interface ConsentQuestion {
  readonly stage: Stage;
  readonly myAnswer: ConsentAnswer | null;
  readonly pendingCount: number;
  /** True while the stage runs; false when it is the next stage. */
  readonly isCurrent: boolean;
}

export interface StageCardModel {
  readonly stage: Stage | null;
  /** 1-based, for people. */
  readonly stageNumber: number;
  readonly stageCount: number;
  readonly myRole: Role | null;
  readonly myPrompts: readonly string[];
  readonly everyonePrompts: readonly string[];
  readonly elapsedMs: DurationMs;
  readonly allowanceMs: DurationMs;
  readonly remainingMs: DurationMs;
  readonly overrunMs: DurationMs;
  readonly isOverrun: boolean;
  readonly pausedBy: string | null;
  readonly controls: StageControls;
  /** The role that moves stages, for people who may not. */
  readonly movingRole: Role;
  readonly consent: ConsentQuestion | null;
  /** Others who declined the current stage and take its alternative. */
  readonly othersTakingAlternative: readonly string[];
  readonly isMover: boolean;
}

export function describeStageCard(
  state: SessionState,
  me: ParticipantId,
  nowMs: EpochMs,
): StageCardModel {
  const stage = currentStage(state);
  const myRole = findParticipant(state, me)?.role ?? null;
  const isRunning = state.status === 'running';
  const isUnderway = isRunning || state.status === 'paused';
  const isMover = canMoveStages(state, me);
  const pausedById = state.pause?.by ?? null;
  return {
    stage,
    stageNumber: state.stageIndex + 1,
    stageCount: state.framework.stages.length,
    myRole,
    myPrompts: stage !== null && myRole !== null ? (stage.prompts[myRole] ?? []) : [],
    everyonePrompts: stage?.prompts.everyone ?? [],
    elapsedMs: stageElapsedMs(state, nowMs),
    allowanceMs: stageAllowanceMs(state),
    remainingMs: stageRemainingMs(state, nowMs),
    overrunMs: stageOverrunMs(state, nowMs),
    isOverrun: isUnderway && isStageOverrun(state, nowMs),
    pausedBy:
      pausedById === null ? null : (findParticipant(state, pausedById)?.displayName ?? pausedById),
    controls: {
      canStart: state.status === 'not-started' && isMover,
      canNext: isRunning && isMover && nextStage(state) !== null,
      canBack: isRunning && isMover && previousStage(state) !== null,
      canExtend: isUnderway && isMover,
      canPause: isRunning && canPause(state, me),
      canResume: state.status === 'paused' && canResume(state, me),
      canEnd: isUnderway && isMover,
    },
    movingRole: movingRoleFor(state.framework.kind),
    consent: findConsentQuestion(state, me, stage),
    othersTakingAlternative:
      stage !== null && isUnderway && isConsentStage(stage)
        ? decliners(state, stage.id)
            .filter((id) => id !== me)
            .map((id) => findParticipant(state, id)?.displayName ?? id)
        : [],
    isMover,
  };
}

/**
 * The stage whose role-play question the stage card asks (the next stage ahead of time, or the
 * current one until I have answered), so the consent view does not ask it a second time.
 */
export function findStageCardConsentStageId(state: SessionState, me: ParticipantId): string | null {
  const question = findConsentQuestion(state, me, currentStage(state));
  if (question === null) return null;
  return question.myAnswer === null || !question.isCurrent ? question.stage.id : null;
}

/** The role-play question to show: for the stage now running, or the next one, ahead of time. */
function findConsentQuestion(
  state: SessionState,
  me: ParticipantId,
  stage: Stage | null,
): ConsentQuestion | null {
  if (state.status === 'ended') return null;
  const isCurrent = stage !== null && state.status !== 'not-started' && isConsentStage(stage);
  const asked = isCurrent ? stage : upcomingConsentStage(state);
  const participant = findParticipant(state, me);
  if (asked === null || participant === null || participant.presence !== 'present') return null;
  return {
    stage: asked,
    myAnswer: consentAnswerOf(participant, asked.id),
    pendingCount: pendingConsent(state, asked.id).length,
    isCurrent,
  };
}
