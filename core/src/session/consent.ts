import type { Stage } from '../frameworks/model.js';
import type { ParticipantId, StageId } from '../units.js';
import type { ConsentAnswer, SessionParticipant, SessionState } from './model.js';
import { listPresent } from './participants.js';
import { findStage, nextStage } from './stages.js';

// A stage whose rules ask for consent (role-play) starts only once everyone present has answered.
// Declining is always fine: the person takes the stage's alternative (observe, or talk it through)
// and the stage goes ahead for the others. Absent people are not waited for.

export function isConsentStage(stage: Stage): boolean {
  return stage.rules.consent !== undefined;
}

export function consentAnswerOf(
  participant: SessionParticipant,
  stageId: StageId,
): ConsentAnswer | null {
  return Object.hasOwn(participant.consent, stageId)
    ? (participant.consent[stageId] ?? null)
    : null;
}

/** Present people who have not answered for the stage; empty when the stage asks no consent. */
export function pendingConsent(state: SessionState, stageId: StageId): readonly ParticipantId[] {
  const stage = findStage(state, stageId);
  if (stage === null || !isConsentStage(stage)) return [];
  return listPresent(state)
    .filter((participant) => consentAnswerOf(participant, stageId) === null)
    .map((participant) => participant.id);
}

/** Present people who declined the stage: they take its alternative, with no penalty. */
export function decliners(state: SessionState, stageId: StageId): readonly ParticipantId[] {
  return listPresent(state)
    .filter((participant) => consentAnswerOf(participant, stageId) === 'declined')
    .map((participant) => participant.id);
}

/** The next stage to start, when it asks for consent: the panel shows the question ahead of time. */
export function upcomingConsentStage(state: SessionState): Stage | null {
  const stage = nextStage(state);
  return stage !== null && isConsentStage(stage) ? stage : null;
}
