import {
  createSession,
  findBuiltInFramework,
  isPresent,
  proposeRoles,
  reduce,
  type Framework,
} from '@grow-together/core';
import type { Caller } from '../auth/caller.js';
import { listMembers, readCircleTimeZone, type StoredCircle } from '../circles/circle-store.js';
import type { CircleMember } from '../circles/model.js';
import { appError } from '../errors.js';
import { ConflictError } from '../store/port.js';
import { publishSaved, type SessionDeps } from './deps.js';
import { toSessionView, type SessionDocument, type SessionView } from './model.js';
import { formatLocalDay, formatSessionId, isIsoDate } from './occurrence.js';
import { updateSession } from './session-store.js';

export interface StartSessionInput {
  readonly meetingId: string;
  readonly occurredOn?: string | undefined;
}

/**
 * Starts the session for a meeting occurrence, or joins it: the tab and the bot both call this,
 * and whoever comes first creates it. Every member of the circle is in it from the start, absent
 * until they open the panel, so the roles rotation proposes for them are kept when they arrive.
 */
export async function startOrJoinSession(
  deps: SessionDeps,
  circle: StoredCircle,
  caller: Caller,
  input: StartSessionInput,
): Promise<SessionView> {
  const { store } = deps;
  const nowMs = deps.readNowMs();
  const day = input.occurredOn ?? formatLocalDay(nowMs, readCircleTimeZone(circle));
  if (!isIsoDate(day)) {
    throw appError('VALIDATION_FAILED', `${day} is not a calendar date.`, {
      field: 'body.occurredOn',
    });
  }
  const id = formatSessionId(circle.id, input.meetingId, day);
  let session = await store.read<SessionDocument>('circles', circle.id, id);
  if (session === null) {
    try {
      session = await store.create<SessionDocument>('circles', {
        id,
        circleId: circle.id,
        type: 'session',
        version: 1,
        meetingId: input.meetingId,
        occurredOn: day,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
        state: createFirstState(circle, id, caller.userId),
        recentCommandIds: [],
        transcript: null,
      });
      await publishSaved(deps, session);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      session = await store.read<SessionDocument>('circles', circle.id, id);
    }
  }
  if (session === null) throw appError('SESSION_NOT_FOUND', 'The session was removed just now.');
  if (session.type !== 'session') throw appError('SESSION_NOT_FOUND', 'No session with that id.');
  const member = circle.members[caller.userId];
  const isJoined = isPresent(session.state, caller.userId);
  if (member === undefined || isJoined || session.state.status === 'ended') {
    return toSessionView(session);
  }
  return joinSession(deps, circle.id, id, member);
}

/** Marks the member present (a rejoin keeps their role, consent and opt-out). */
function joinSession(
  deps: SessionDeps,
  circleId: string,
  sessionId: string,
  member: CircleMember,
): Promise<SessionView> {
  return updateSession(
    deps.store,
    circleId,
    sessionId,
    (current) => {
      if (isPresent(current.state, member.userId) || current.state.status === 'ended') {
        return { kind: 'answer', value: toSessionView(current) };
      }
      const result = reduce(
        current.state,
        {
          type: 'join',
          by: member.userId,
          participant: member.userId,
          displayName: member.displayName,
          isGuest: false,
        },
        deps.readNowMs(),
      );
      if (!result.ok) {
        throw appError('COMMAND_REFUSED', result.message, { refusal: result.code });
      }
      return {
        kind: 'save',
        next: { ...current, state: result.state },
        answer: (saved) => toSessionView(saved),
      };
    },
    { nowMs: deps.readNowMs, onSaved: (saved) => publishSaved(deps, saved) },
  );
}

function createFirstState(circle: StoredCircle, sessionId: string, callerId: string) {
  const framework = resolveFramework(circle);
  const members = listMembers(circle);
  const proposal = proposeRoles({
    kind: framework.kind,
    members: members.map((member) => member.userId),
    history: circle.roleHistory,
  });
  return createSession({
    id: sessionId,
    framework,
    participants: members.map((member) => ({
      id: member.userId,
      displayName: member.displayName,
      presence: member.userId === callerId ? 'present' : 'absent',
    })),
    // A circle outside the framework's sizes gets no proposal; its coach assigns roles by hand.
    roles: proposal.ok ? proposal.roles : {},
  });
}

/** The circle's chosen framework: one of its own copies, or a built-in one. */
export function resolveFramework(circle: StoredCircle): Framework {
  const framework =
    circle.customFrameworks.find((candidate) => candidate.id === circle.frameworkId) ??
    findBuiltInFramework(circle.frameworkId);
  if (framework === undefined) {
    throw appError(
      'UNPROCESSABLE',
      `The circle's framework ${circle.frameworkId} no longer exists: choose another one.`,
    );
  }
  return framework;
}
