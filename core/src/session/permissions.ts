import type { MarkSource } from '../airtime/model.js';
import type { FrameworkKind } from '../frameworks/model.js';
import type { Role } from '../roles/model.js';
import type { ParticipantId } from '../units.js';
import type { SessionParticipant, SessionState } from './model.js';
import { findParticipant, isPresent, listPresent } from './participants.js';

// Who may do what in a session (shared/DESIGN.md, "Roles and rotation"). The machine and the api
// ask the same functions, so a button the panel shows is a command the machine accepts.
//
// The rules:
// - Moving stages (start, next, back, skip, extend, end) and assigning roles belong to the coach
//   in a coaching framework and to the facilitator in action learning. When nobody present holds
//   that role (roles not assigned yet, or that person is absent), any present member may, and when
//   only guests are present, any of them: a circle never gets stuck waiting for someone who left.
// - Anyone present may pause, and anyone present may resume: a pause is a shared courtesy, and the
//   person who paused may have dropped out of the call.
// - Consent and opting out are only ever about oneself (the commands carry no other person).
// - Presence: anyone may mark themself; a present member may mark anyone.

/** The role that runs the session: moves stages, extends, ends and assigns roles. */
export function movingRoleFor(kind: FrameworkKind): Role {
  return kind === 'action-learning' ? 'facilitator' : 'coach';
}

/** Who may move stages right now, by the rules above. */
export function listStageMovers(state: SessionState): readonly SessionParticipant[] {
  const present = listPresent(state);
  const movingRole = movingRoleFor(state.framework.kind);
  const holders = present.filter((participant) => participant.role === movingRole);
  if (holders.length > 0) return holders;
  const members = present.filter((participant) => !participant.isGuest);
  return members.length > 0 ? members : present;
}

export function canMoveStages(state: SessionState, by: ParticipantId): boolean {
  return listStageMovers(state).some((participant) => participant.id === by);
}

export function canAssignRoles(state: SessionState, by: ParticipantId): boolean {
  return canMoveStages(state, by);
}

export function canPause(state: SessionState, by: ParticipantId): boolean {
  return isPresent(state, by);
}

export function canResume(state: SessionState, by: ParticipantId): boolean {
  return isPresent(state, by);
}

export function canMarkPresence(
  state: SessionState,
  by: ParticipantId,
  participant: ParticipantId,
): boolean {
  if (findParticipant(state, participant) === null) return false;
  return by === participant ? findParticipant(state, by) !== null : isPresentMember(state, by);
}

/** Joining oneself is always allowed (the api checked membership); adding someone else takes a present member. */
export function canAddParticipant(
  state: SessionState,
  by: ParticipantId,
  participant: ParticipantId,
): boolean {
  return by === participant || isPresentMember(state, by);
}

function isPresentMember(state: SessionState, id: ParticipantId): boolean {
  const participant = findParticipant(state, id);
  return participant !== null && participant.presence === 'present' && !participant.isGuest;
}

/**
 * Who records the observer's taps: the observers present. With no observer present, a pair in a
 * coaching framework records for each other; in action learning the person running the session
 * does (the facilitator, or whoever stands in for them).
 */
export function listTapRecorders(state: SessionState): readonly SessionParticipant[] {
  const present = listPresent(state);
  const observers = present.filter((participant) => participant.role === 'observer');
  if (observers.length > 0) return observers;
  if (state.framework.kind === 'action-learning') return listStageMovers(state);
  return present.length === 2 ? present : [];
}

/**
 * May `by` send a speaking mark from `source` saying that `speaker` speaks (null: nobody does)?
 * Nobody may record a span for someone who opted out of tracking. The session's status is not
 * checked: marks are queued offline and may arrive after the end.
 */
export function canRecordMark(
  state: SessionState,
  by: ParticipantId,
  source: MarkSource,
  speaker: ParticipantId | null,
): boolean {
  if (!isPresent(state, by)) return false;
  if (speaker !== null && !isTrackable(state, speaker)) return false;
  switch (source) {
    case 'observer':
      return listTapRecorders(state).some((participant) => participant.id === by);
    case 'self-speaking':
      return speaker === null || speaker === by;
    case 'silence-signal':
      return speaker === null;
    case 'host-active-speaker':
      return true;
    default:
      return false;
  }
}

/** Known to the session and not opted out of airtime and language tracking. */
export function isTrackable(state: SessionState, id: ParticipantId): boolean {
  const participant = findParticipant(state, id);
  return participant !== null && !participant.optedOutOfTracking;
}
