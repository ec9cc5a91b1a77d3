import type { Framework } from '../frameworks/model.js';
import type { RoleAssignment } from '../roles/model.js';
import type { ParticipantId, SessionId } from '../units.js';
import type { Presence, SessionParticipant, SessionState } from './model.js';

export interface NewParticipant {
  readonly id: ParticipantId;
  readonly displayName: string;
  readonly isGuest?: boolean;
  /** Present unless said otherwise: whoever opens the session is in the call. */
  readonly presence?: Presence;
}

export interface NewSession {
  readonly id: SessionId;
  /** Checked by the frameworks module before use; the machine copies it as it is. */
  readonly framework: Framework;
  readonly participants?: readonly NewParticipant[];
  /** Roles proposed by rotation; ids not among the participants are ignored. */
  readonly roles?: RoleAssignment;
}

/** A session before its start: first stage on the panel, nobody has answered any consent yet. */
export function createSession(input: NewSession): SessionState {
  const participants: Record<ParticipantId, SessionParticipant> = {};
  for (const person of input.participants ?? []) {
    Object.defineProperty(participants, person.id, {
      value: toParticipant(person, input.roles ?? {}),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    id: input.id,
    framework: input.framework,
    status: 'not-started',
    stageIndex: 0,
    timeline: [],
    pause: null,
    startedAtMs: null,
    endedAtMs: null,
    latestAtMs: null,
    participants,
  };
}

function toParticipant(person: NewParticipant, roles: RoleAssignment): SessionParticipant {
  return {
    id: person.id,
    displayName: person.displayName,
    role: Object.hasOwn(roles, person.id) ? (roles[person.id] ?? null) : null,
    presence: person.presence ?? 'present',
    isGuest: person.isGuest ?? false,
    optedOutOfTracking: false,
    consent: {},
  };
}
