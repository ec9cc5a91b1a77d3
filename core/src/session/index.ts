// The session machine: `reduce(state, command, now)` and what panels, the api and the summary derive
// from its state (the stage clock, permissions, consent).
export * from './model.js';
export { createSession, type NewParticipant, type NewSession } from './create-session.js';
export { reduce } from './reduce.js';
export { parseCommand, type ParsedCommand } from './parse-command.js';
export { isSessionState } from './state-shape.js';
export { isRefusal } from './refusals.js';
export { currentRun, currentStage, isLastStage, nextStage, previousStage } from './stages.js';
export {
  activeMs,
  comparePlanWithActual,
  effectiveNowMs,
  isStageOverrun,
  measureStageRuns,
  stageAllowanceMs,
  stageElapsedMs,
  stageOverrunMs,
  stageRemainingMs,
  type StagePlanStatus,
  type StagePlanVersusActual,
  type StageRunReport,
} from './timing.js';
export {
  canAddParticipant,
  canAssignRoles,
  canMarkPresence,
  canMoveStages,
  canPause,
  canRecordMark,
  canResume,
  isTrackable,
  listStageMovers,
  listTapRecorders,
  movingRoleFor,
} from './permissions.js';
export {
  consentAnswerOf,
  decliners,
  isConsentStage,
  pendingConsent,
  upcomingConsentStage,
} from './consent.js';
export { findParticipant, isPresent, listPresent } from './participants.js';
