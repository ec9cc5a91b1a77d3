import {
  reduce,
  type Refusal,
  type RoleAssignment,
  type SessionEffect,
  type SessionState,
} from '@grow-together/core';
import type { Caller } from '../auth/caller.js';
import { recordSessionRoles, type StoredCircle } from '../circles/circle-store.js';
import { appError, type AppError } from '../errors.js';
import { publishSaved, type SessionDeps } from './deps.js';
import { MAX_RECENT_COMMAND_IDS, toSessionView, type SessionView } from './model.js';
import { updateSession, type StoredSession } from './session-store.js';

export interface CommandInput {
  readonly commandId: string;
  /** null: apply to whatever version is current (the end route, the bot). */
  readonly expectedVersion: number | null;
  readonly command: Readonly<Record<string, unknown>>;
}

export interface CommandOutcome {
  readonly session: SessionView;
  readonly isRepeat: boolean;
}

/**
 * Runs a command through core's machine and saves the result. The order of the checks is the
 * contract with the panels: an id already applied is answered with the current state before
 * anything else (a resend after a lost response), then a stale version is a 409 with the fresh
 * state, then the machine decides. A lost ETag race re-reads and checks again, so of several
 * commands sent with the same expected version exactly one is applied.
 */
export async function applyCommand(
  deps: SessionDeps,
  circle: StoredCircle,
  sessionId: string,
  caller: Caller,
  input: CommandInput,
): Promise<CommandOutcome> {
  let effects: readonly SessionEffect[] = [];
  return updateSession<CommandOutcome>(
    deps.store,
    circle.id,
    sessionId,
    (current) => {
      if (current.recentCommandIds.includes(input.commandId)) {
        return { kind: 'answer', value: { session: toSessionView(current), isRepeat: true } };
      }
      if (input.expectedVersion !== null && current.version !== input.expectedVersion) {
        throw appError(
          'VERSION_CONFLICT',
          'The session changed since you last saw it. Here is how it is now.',
          { expectedVersion: input.expectedVersion, session: toSessionView(current) },
        );
      }
      const command = toTrustedCommand(input.command, caller, circle);
      const result = reduce(current.state, command, deps.readNowMs());
      if (!result.ok) throw toRefusalError(result, current);
      effects = result.effects;
      return {
        kind: 'save',
        next: {
          ...current,
          state: result.state,
          recentCommandIds: [...current.recentCommandIds, input.commandId].slice(
            -MAX_RECENT_COMMAND_IDS,
          ),
        },
        answer: (saved) => ({ session: toSessionView(saved), isRepeat: false }),
      };
    },
    {
      nowMs: deps.readNowMs,
      onSaved: async (saved) => {
        await publishSaved(deps, saved);
        await applySideEffects(deps, circle, saved, effects);
      },
    },
  );
}

/**
 * `by` is always the caller, whatever the panel sent. Someone added to a session by another person
 * is a guest unless they are a member of the circle.
 */
function toTrustedCommand(
  command: Readonly<Record<string, unknown>>,
  caller: Caller,
  circle: StoredCircle,
): Record<string, unknown> {
  const trusted: Record<string, unknown> = { ...command, by: caller.userId };
  if (command['type'] === 'join') {
    const participant = command['participant'];
    const member =
      typeof participant === 'string' && Object.hasOwn(circle.members, participant)
        ? circle.members[participant]
        : undefined;
    if (participant === caller.userId && member !== undefined) {
      return { ...trusted, displayName: member.displayName, isGuest: false };
    }
    if (member === undefined) return { ...trusted, isGuest: true };
  }
  return trusted;
}

function toRefusalError(refusal: Refusal, current: StoredSession): AppError {
  const details = {
    refusal: refusal.code,
    ...(refusal.pending === undefined ? {} : { pending: refusal.pending }),
  };
  if (refusal.code === 'NOT_ALLOWED') return appError('FORBIDDEN', refusal.message, details);
  if (refusal.code === 'INVALID_COMMAND') {
    return appError('VALIDATION_FAILED', refusal.message, { ...details, field: 'body.command' });
  }
  return appError('COMMAND_REFUSED', refusal.message, {
    ...details,
    session: toSessionView(current),
  });
}

async function applySideEffects(
  deps: SessionDeps,
  circle: StoredCircle,
  saved: StoredSession,
  effects: readonly SessionEffect[],
): Promise<void> {
  if (!effects.some((effect) => effect.type === 'session-ended')) return;
  try {
    await recordSessionRoles(deps.store, circle.id, saved.id, listRolesTaken(saved.state));
  } catch (error) {
    deps.log.error(
      { err: error, sessionId: saved.id },
      "an ended session's roles were not recorded",
    );
  }
}

/** Who held which role, among the members who were there: what rotation learns from. */
export function listRolesTaken(state: SessionState): RoleAssignment {
  const roles: Record<string, NonNullable<SessionState['participants'][string]['role']>> = {};
  for (const participant of Object.values(state.participants)) {
    if (participant.role !== null && !participant.isGuest && participant.presence === 'present') {
      roles[participant.id] = participant.role;
    }
  }
  return roles;
}
