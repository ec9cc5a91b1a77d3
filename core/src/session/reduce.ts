import type { EpochMs } from '../units.js';
import type { ReduceResult, SessionCommand, SessionState } from './model.js';
import { findParticipant } from './participants.js';
import { parseCommand } from './parse-command.js';
import {
  assignRoles,
  joinSession,
  markPresence,
  optOutOfTracking,
  recordConsent,
} from './people-commands.js';
import { refuse, refuseUnknown } from './refusals.js';
import {
  endSession,
  extendStage,
  goToNextStage,
  goToPreviousStage,
  pauseSession,
  resumeSession,
  startSession,
} from './stage-commands.js';
import { isSessionState } from './state-shape.js';
import { effectiveNowMs } from './timing.js';

/**
 * Applies one command at `now`: the new state and what changed, or a refusal saying why not. It
 * never throws: a malformed command, a damaged state or a non-finite time is refused. A `now`
 * earlier than the latest time already seen is read as that time (see `effectiveNowMs`).
 */
export function reduce(state: SessionState, command: unknown, now: EpochMs): ReduceResult {
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    return refuse('INVALID_TIME', 'The server time was missing or not a number. Try again.');
  }
  if (!isSessionState(state)) {
    return refuse('INVALID_STATE', 'This session’s stored data is damaged. Start a new session.');
  }
  const parsed = parseCommand(command);
  if (!parsed.ok) return parsed;
  const { command: valid } = parsed;
  if (valid.type !== 'join' && findParticipant(state, valid.by) === null) {
    return refuseUnknown(valid.by);
  }
  const atMs = effectiveNowMs(state, now);
  const result = applyCommand(state, valid, atMs);
  return result.ok ? { ...result, state: { ...result.state, latestAtMs: atMs } } : result;
}

function applyCommand(state: SessionState, command: SessionCommand, atMs: EpochMs): ReduceResult {
  switch (command.type) {
    case 'start':
      return startSession(state, command, atMs);
    case 'next':
    case 'skip':
      return goToNextStage(state, command, atMs);
    case 'back':
      return goToPreviousStage(state, command, atMs);
    case 'pause':
      return pauseSession(state, command, atMs);
    case 'resume':
      return resumeSession(state, command, atMs);
    case 'extend':
      return extendStage(state, command, atMs);
    case 'end':
      return endSession(state, command, atMs);
    case 'assign-roles':
      return assignRoles(state, command, atMs);
    case 'join':
      return joinSession(state, command, atMs);
    case 'mark-presence':
      return markPresence(state, command, atMs);
    case 'record-consent':
      return recordConsent(state, command, atMs);
    case 'opt-out-tracking':
      return optOutOfTracking(state, command, atMs);
  }
}
