import type { ParticipantId } from '../units.js';
import type { Refusal, RefusalCode, SessionState } from './model.js';
import { describeParticipants, isPresent } from './participants.js';
import { canMoveStages, listStageMovers, movingRoleFor } from './permissions.js';

// Refusals name what is wrong and what the person can do instead; the panel shows the message as is.

export function refuse(
  code: RefusalCode,
  message: string,
  pending?: readonly ParticipantId[],
): Refusal {
  return pending === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, pending };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

export function refuseEnded(): Refusal {
  return refuse('ENDED', 'The session has ended. Start a new session to meet again.');
}

export function refuseIfEnded(state: SessionState): Refusal | null {
  return state.status === 'ended' ? refuseEnded() : null;
}

export function refuseUnlessMover(
  state: SessionState,
  by: ParticipantId,
  action: string,
): Refusal | null {
  if (canMoveStages(state, by)) return null;
  if (!isPresent(state, by)) return refuseAbsent(action);
  const movers = listStageMovers(state);
  const role = movingRoleFor(state.framework.kind);
  const names = describeParticipants(
    state,
    movers.map((participant) => participant.id),
  );
  const who = movers.some((participant) => participant.role === role)
    ? `${names} (the ${role})`
    : names;
  return refuse(
    'NOT_ALLOWED',
    `Only ${who} can ${action}. Ask them, or pause if the circle needs a moment.`,
  );
}

export function refuseAbsent(action: string): Refusal {
  return refuse(
    'NOT_ALLOWED',
    `You are marked absent, so you cannot ${action}. Mark yourself present first.`,
  );
}

export function refuseUnknown(id: ParticipantId): Refusal {
  return refuse(
    'UNKNOWN_PARTICIPANT',
    `${id} is not in this session. Open the panel in the meeting to join it.`,
  );
}
