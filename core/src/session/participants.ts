import type { ParticipantId } from '../units.js';
import type { SessionParticipant, SessionState } from './model.js';

// Participants are keyed by id in a plain object that came from JSON, so every lookup checks for
// an own property: an id such as "constructor" must not find Object.prototype's.

export function findParticipant(state: SessionState, id: ParticipantId): SessionParticipant | null {
  return Object.hasOwn(state.participants, id) ? (state.participants[id] ?? null) : null;
}

export function isPresent(state: SessionState, id: ParticipantId): boolean {
  return findParticipant(state, id)?.presence === 'present';
}

export function listParticipants(state: SessionState): readonly SessionParticipant[] {
  return Object.values(state.participants);
}

export function listPresent(state: SessionState): readonly SessionParticipant[] {
  return listParticipants(state).filter((participant) => participant.presence === 'present');
}

export function withParticipant(
  state: SessionState,
  participant: SessionParticipant,
): SessionState {
  return { ...state, participants: { ...state.participants, [participant.id]: participant } };
}

export function describeParticipant(state: SessionState, id: ParticipantId): string {
  return findParticipant(state, id)?.displayName ?? id;
}

/** "Ana", "Ana and Bo", "Ana, Bo and Cy": names for messages a person reads. */
export function describeParticipants(state: SessionState, ids: readonly ParticipantId[]): string {
  const names = ids.map((id) => describeParticipant(state, id));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}
