import { ACTION_LEARNING_ROLES, COACHING_ROLES, type Role } from '../roles/model.js';
import type { EpochMs, ParticipantId } from '../units.js';
import { isConsentStage } from './consent.js';
import type {
  AssignRolesCommand,
  JoinCommand,
  MarkPresenceCommand,
  OptOutTrackingCommand,
  RecordConsentCommand,
  ReduceResult,
  Refusal,
  SessionEffect,
  SessionParticipant,
  SessionState,
} from './model.js';
import { findParticipant, listParticipants, withParticipant } from './participants.js';
import { canAddParticipant, canMarkPresence } from './permissions.js';
import { refuse, refuseIfEnded, refuseUnknown, refuseUnlessMover } from './refusals.js';
import { currentStage, findStage } from './stages.js';
import { applied, requestUpcomingConsent, takingAlternative } from './transitions.js';

// The commands about people: who is here, in which role, what they agreed to, what is tracked.

/** Roles held by one person at a time; the others (observer, member) may be held by several. */
const SINGLE_HOLDER_ROLES: readonly Role[] = ['coach', 'coachee', 'challenger', 'facilitator'];

export function assignRoles(
  state: SessionState,
  command: AssignRolesCommand,
  _atMs: EpochMs,
): ReduceResult {
  const refusal =
    refuseIfEnded(state) ??
    refuseUnlessMover(state, command.by, 'assign roles') ??
    refuseUnknownIn(state, Object.keys(command.roles)) ??
    refuseRolesOutsideFramework(state, command.roles) ??
    refuseSharedSingleRoles(command.roles);
  if (refusal !== null) return refusal;
  const participants = Object.fromEntries(
    listParticipants(state).map((participant) => [
      participant.id,
      { ...participant, role: roleIn(command.roles, participant.id) },
    ]),
  );
  return applied({ ...state, participants }, [{ type: 'roles-assigned', roles: command.roles }]);
}

/**
 * Joining oneself adds a new participant (present, no role, tracked) or, on a rejoin, updates the
 * display name and marks them present; role, consent, opt-out and guest status are kept.
 */
export function joinSession(
  state: SessionState,
  command: JoinCommand,
  _atMs: EpochMs,
): ReduceResult {
  const existing = findParticipant(state, command.participant);
  const isSelf = command.by === command.participant;
  const refusal =
    refuseIfEnded(state) ??
    (isSelf || findParticipant(state, command.by) !== null ? null : refuseUnknown(command.by)) ??
    (canAddParticipant(state, command.by, command.participant)
      ? null
      : refuse('NOT_ALLOWED', 'Only a member who is present can add someone to the session.')) ??
    (existing !== null && !isSelf
      ? refuse(
          'INVALID_COMMAND',
          `${existing.displayName} is already in the session. Mark them present instead.`,
        )
      : null);
  if (refusal !== null) return refusal;
  const participant: SessionParticipant =
    existing === null
      ? newParticipant(command)
      : { ...existing, displayName: command.displayName, presence: 'present' };
  const joined = withParticipant(state, participant);
  return applied(joined, [
    {
      type: 'participant-joined',
      participant: participant.id,
      isGuest: participant.isGuest,
      isRejoin: existing !== null,
    },
    ...requestUpcomingConsent(joined, participant.id),
  ]);
}

export function markPresence(
  state: SessionState,
  command: MarkPresenceCommand,
  _atMs: EpochMs,
): ReduceResult {
  const participant = findParticipant(state, command.participant);
  if (participant === null) return refuseIfEnded(state) ?? refuseUnknown(command.participant);
  const refusal =
    refuseIfEnded(state) ??
    (canMarkPresence(state, command.by, command.participant)
      ? null
      : refuse(
          'NOT_ALLOWED',
          'Only a member who is present can mark someone else present or absent.',
        ));
  if (refusal !== null) return refusal;
  if (participant.presence === command.presence) return applied(state, []);
  const marked = withParticipant(state, { ...participant, presence: command.presence });
  const arrived =
    command.presence === 'present' ? requestUpcomingConsent(marked, participant.id) : [];
  return applied(marked, [
    { type: 'presence-changed', participant: participant.id, presence: command.presence },
    ...arrived,
  ]);
}

/** A withdrawal mid-stage is honoured at once: the person takes the alternative from now on. */
export function recordConsent(
  state: SessionState,
  command: RecordConsentCommand,
  _atMs: EpochMs,
): ReduceResult {
  const participant = findParticipant(state, command.by);
  if (participant === null) return refuseUnknown(command.by);
  const stage = findStage(state, command.stageId);
  const refusal =
    refuseIfEnded(state) ??
    (stage === null
      ? refuse('UNKNOWN_STAGE', 'That stage is not part of this session’s framework.')
      : null) ??
    (stage !== null && !isConsentStage(stage)
      ? refuse('INVALID_COMMAND', `"${stage.name}" does not ask for consent.`)
      : null);
  if (refusal !== null) return refusal;
  const consent = { ...participant.consent, [command.stageId]: command.answer };
  const recorded = withParticipant(state, { ...participant, consent });
  const effects: SessionEffect[] = [
    {
      type: 'consent-recorded',
      stageId: command.stageId,
      participant: command.by,
      answer: command.answer,
    },
  ];
  const isCurrentStage =
    state.status !== 'not-started' && currentStage(state)?.id === command.stageId;
  if (isCurrentStage && command.answer === 'declined') {
    effects.push(takingAlternative(recorded, command.stageId, [command.by]));
  }
  return applied(recorded, effects);
}

/** Allowed at any time, also after the end, so the summary can leave the person out. */
export function optOutOfTracking(
  state: SessionState,
  command: OptOutTrackingCommand,
  _atMs: EpochMs,
): ReduceResult {
  const participant = findParticipant(state, command.by);
  if (participant === null) return refuseUnknown(command.by);
  if (participant.optedOutOfTracking === command.optedOut) return applied(state, []);
  const changed = withParticipant(state, { ...participant, optedOutOfTracking: command.optedOut });
  return applied(changed, [
    { type: 'tracking-opt-out-changed', participant: command.by, optedOut: command.optedOut },
  ]);
}

function refuseUnknownIn(state: SessionState, ids: readonly ParticipantId[]): Refusal | null {
  const unknown = ids.find((id) => findParticipant(state, id) === null);
  return unknown === undefined ? null : refuseUnknown(unknown);
}

function refuseRolesOutsideFramework(
  state: SessionState,
  roles: AssignRolesCommand['roles'],
): Refusal | null {
  const allowed: readonly Role[] =
    state.framework.kind === 'action-learning' ? ACTION_LEARNING_ROLES : COACHING_ROLES;
  const misfit = Object.values(roles).find((role) => !allowed.includes(role));
  if (misfit === undefined) return null;
  return refuse(
    'INVALID_COMMAND',
    `"${misfit}" is not a role in ${state.framework.name}. Use ${allowed.join(', ')}.`,
  );
}

function refuseSharedSingleRoles(roles: AssignRolesCommand['roles']): Refusal | null {
  const held = Object.values(roles);
  const shared = SINGLE_HOLDER_ROLES.find(
    (role) => held.filter((candidate) => candidate === role).length > 1,
  );
  if (shared === undefined) return null;
  return refuse('INVALID_COMMAND', `Only one person can be the ${shared}.`);
}

function roleIn(roles: AssignRolesCommand['roles'], id: ParticipantId): Role | null {
  return Object.hasOwn(roles, id) ? (roles[id] ?? null) : null;
}

function newParticipant(command: JoinCommand): SessionParticipant {
  return {
    id: command.participant,
    displayName: command.displayName,
    role: null,
    presence: 'present',
    isGuest: command.isGuest,
    optedOutOfTracking: false,
    consent: {},
  };
}
