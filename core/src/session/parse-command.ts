import { ROLES, type Role } from '../roles/model.js';
import type { ParticipantId } from '../units.js';
import {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_EXTEND_MS,
  SESSION_COMMAND_TYPES,
  type ConsentAnswer,
  type Presence,
  type Refusal,
  type SessionCommand,
  type SessionCommandType,
} from './model.js';
import { isId, isRecord } from './guards.js';
import { refuse } from './refusals.js';

// Commands arrive as JSON from a panel, so the machine checks their shape at the door and answers
// a malformed one with INVALID_COMMAND. What comes out is a fresh object with only the known
// fields, whatever else the input carried.

export type ParsedCommand = { readonly ok: true; readonly command: SessionCommand } | Refusal;

type Fields = Readonly<Record<string, unknown>>;
type Parser = (fields: Fields, by: ParticipantId) => SessionCommand | string;

const PARSERS: Readonly<Record<SessionCommandType, Parser>> = {
  start: (_fields, by) => ({ type: 'start', by }),
  next: (fields, by) => withExpectedStage(fields, { type: 'next', by }),
  back: (fields, by) => withExpectedStage(fields, { type: 'back', by }),
  skip: (fields, by) => withExpectedStage(fields, { type: 'skip', by }),
  pause: (_fields, by) => ({ type: 'pause', by }),
  resume: (_fields, by) => ({ type: 'resume', by }),
  end: (_fields, by) => ({ type: 'end', by }),
  extend: parseExtend,
  'assign-roles': parseAssignRoles,
  join: parseJoin,
  'mark-presence': parseMarkPresence,
  'record-consent': parseRecordConsent,
  'opt-out-tracking': parseOptOutTracking,
};

export function parseCommand(input: unknown): ParsedCommand {
  if (!isRecord(input)) return invalid('A command must be an object with a `type` and `by`.');
  const type = input['type'];
  if (!isCommandType(type)) {
    return invalid(`Unknown command type. Use one of: ${SESSION_COMMAND_TYPES.join(', ')}.`);
  }
  const by = input['by'];
  if (!isId(by)) return invalid('`by` must name the participant sending the command.');
  const parsed = PARSERS[type](input, by);
  return typeof parsed === 'string' ? invalid(parsed) : { ok: true, command: parsed };
}

function withExpectedStage<C extends SessionCommand>(fields: Fields, command: C): C | string {
  const expected = fields['expectedStageId'];
  if (expected === undefined || expected === null) return command;
  if (!isId(expected)) return '`expectedStageId`, when given, must be a stage id.';
  return { ...command, expectedStageId: expected };
}

function parseExtend(fields: Fields, by: ParticipantId): SessionCommand | string {
  const byMs = fields['byMs'];
  if (typeof byMs !== 'number' || !Number.isInteger(byMs) || byMs <= 0 || byMs > MAX_EXTEND_MS) {
    return `An extend adds a whole number of milliseconds, more than 0 and at most ${MAX_EXTEND_MS / 60_000} minutes.`;
  }
  return withExpectedStage(fields, { type: 'extend', by, byMs });
}

function parseAssignRoles(fields: Fields, by: ParticipantId): SessionCommand | string {
  const roles = fields['roles'];
  if (!isRecord(roles)) return '`roles` must map participant ids to roles.';
  const assignment: Record<ParticipantId, Role> = {};
  for (const [participant, role] of Object.entries(roles)) {
    if (!isId(participant)) return 'Every key of `roles` must be a participant id.';
    if (!isRole(role)) return `Unknown role for ${participant}. Use one of: ${ROLES.join(', ')}.`;
    Object.defineProperty(assignment, participant, {
      value: role,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { type: 'assign-roles', by, roles: assignment };
}

function parseJoin(fields: Fields, by: ParticipantId): SessionCommand | string {
  const participant = fields['participant'];
  const displayName = fields['displayName'];
  const isGuest = fields['isGuest'];
  if (!isId(participant)) return '`participant` must name who joins.';
  if (typeof displayName !== 'string') return '`displayName` must be the name others will see.';
  const name = displayName.trim();
  if (name.length === 0 || name.length > MAX_DISPLAY_NAME_LENGTH) {
    return `A display name has 1 to ${MAX_DISPLAY_NAME_LENGTH} characters.`;
  }
  if (typeof isGuest !== 'boolean') return '`isGuest` must be true or false.';
  return { type: 'join', by, participant, displayName: name, isGuest };
}

function parseMarkPresence(fields: Fields, by: ParticipantId): SessionCommand | string {
  const participant = fields['participant'];
  const presence = fields['presence'];
  if (!isId(participant)) return '`participant` must name whose presence changes.';
  if (!isPresence(presence)) return "`presence` must be 'present' or 'absent'.";
  return { type: 'mark-presence', by, participant, presence };
}

function parseRecordConsent(fields: Fields, by: ParticipantId): SessionCommand | string {
  const stageId = fields['stageId'];
  const answer = fields['answer'];
  if (!isId(stageId)) return '`stageId` must name the stage the answer is for.';
  if (!isConsentAnswer(answer)) return "`answer` must be 'given' or 'declined'.";
  return { type: 'record-consent', by, stageId, answer };
}

function parseOptOutTracking(fields: Fields, by: ParticipantId): SessionCommand | string {
  const optedOut = fields['optedOut'];
  if (typeof optedOut !== 'boolean') return '`optedOut` must be true or false.';
  return { type: 'opt-out-tracking', by, optedOut };
}

function invalid(message: string): Refusal {
  return refuse('INVALID_COMMAND', message);
}

function isCommandType(value: unknown): value is SessionCommandType {
  return typeof value === 'string' && (SESSION_COMMAND_TYPES as readonly string[]).includes(value);
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function isPresence(value: unknown): value is Presence {
  return value === 'present' || value === 'absent';
}

function isConsentAnswer(value: unknown): value is ConsentAnswer {
  return value === 'given' || value === 'declined';
}
