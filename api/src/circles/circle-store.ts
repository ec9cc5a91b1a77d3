import { createHash, randomUUID } from 'node:crypto';
import type { RoleAssignment } from '@grow-together/core';
import type { Caller } from '../auth/caller.js';
import { appError } from '../errors.js';
import {
  ConflictError,
  PreconditionFailedError,
  type DocumentStore,
  type StoredDocument,
} from '../store/port.js';
import type {
  CircleDocument,
  CircleMember,
  HostMeeting,
  MeetingHost,
  MeetingLookupDocument,
} from './model.js';

// Reading and writing circle documents and their meeting lookups. The routes decide who may do
// what (membership, the roster); these functions keep the documents consistent under races.

export type StoredCircle = StoredDocument<CircleDocument>;

const MAX_SAVE_ATTEMPTS = 10;
export const DEFAULT_TIME_ZONE = 'UTC';

export type NewCircle = Omit<
  CircleDocument,
  | 'id'
  | 'circleId'
  | 'type'
  | 'tenantId'
  | 'hostMeetings'
  | 'members'
  | 'roleHistory'
  | 'createdAtMs'
  | 'createdBy'
>;

export interface CircleCreation {
  readonly circle: StoredCircle;
  readonly isNew: boolean;
}

/**
 * Creates the circle for a host meeting, or finds the one it already has. The meeting lookup is
 * the arbiter: the circle is written first, then its lookup; whoever loses the race for the
 * lookup removes their unused circle and takes the winner's, which exists by then.
 */
export async function createCircleForMeeting(
  store: DocumentStore,
  caller: Caller,
  meeting: HostMeeting,
  fields: NewCircle,
  creator: CircleMember,
): Promise<CircleCreation> {
  const existing = await findCircleByMeeting(store, caller, meeting);
  if (existing !== null) return { circle: existing, isNew: false };
  const id = randomUUID();
  const circle = await store.create<CircleDocument>('circles', {
    ...fields,
    id,
    circleId: id,
    type: 'circle',
    tenantId: caller.tenantId,
    hostMeetings: [meeting],
    members: { [creator.userId]: creator },
    roleHistory: [],
    roleHistorySessionIds: [],
    createdAtMs: creator.joinedAtMs,
    createdBy: caller.userId,
  });
  try {
    const key = formatMeetingLookupKey(caller.tenantId, meeting);
    await store.create<MeetingLookupDocument>('meetings', {
      id: key,
      meetingKey: key,
      host: meeting.host,
      tenantId: caller.tenantId,
      circleId: id,
      createdAtMs: creator.joinedAtMs,
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    await store.delete('circles', id, id);
    const winner = await findCircleByMeeting(store, caller, meeting);
    if (winner === null) throw taken();
    return { circle: winner, isNew: false };
  }
  return { circle, isNew: true };
}

/**
 * The lookup key of a meeting within a tenant. Scoping by tenant means a meeting key another
 * tenant holds (by accident or on purpose) is simply a different key: nobody can learn that
 * another tenant's circle exists, or take a meeting away from its tenant. Hashed, because Teams
 * chat ids are long and the store's ids must stay short and free of `/` and `#`.
 */
export function formatMeetingLookupKey(tenantId: string, meeting: HostMeeting): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([tenantId, meeting.host, meeting.meetingKey]))
    .digest('base64url');
  return `m-${digest}`;
}

/** The meeting's circle in the caller's tenant, or null. */
export async function findCircleByMeeting(
  store: DocumentStore,
  caller: Caller,
  meeting: HostMeeting,
): Promise<StoredCircle | null> {
  const lookup = await readMeetingLookup(store, caller, meeting);
  return lookup === null ? null : readCircle(store, caller, lookup.circleId);
}

function readMeetingLookup(store: DocumentStore, caller: Caller, meeting: HostMeeting) {
  const key = formatMeetingLookupKey(caller.tenantId, meeting);
  return store.read<MeetingLookupDocument>('meetings', key, key);
}

async function readCircle(
  store: DocumentStore,
  caller: Caller,
  circleId: string,
): Promise<StoredCircle | null> {
  const circle = await store.read<CircleDocument>('circles', circleId, circleId);
  return circle?.type === 'circle' && circle.tenantId === caller.tenantId ? circle : null;
}

/** Reads the circle, applies `change` and saves it with its ETag, again on a lost race. */
export async function updateCircle(
  store: DocumentStore,
  circleId: string,
  change: (current: StoredCircle) => CircleDocument | null,
): Promise<StoredCircle> {
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt += 1) {
    const current = await store.read<CircleDocument>('circles', circleId, circleId);
    if (current === null || current.type !== 'circle') {
      throw appError(
        'CIRCLE_NOT_FOUND',
        'No circle with that id, or you are not one of its members.',
      );
    }
    const next = change(current);
    if (next === null) return current;
    const { _etag: etag, ...body } = { ...next, _etag: current._etag };
    try {
      return await store.replace<CircleDocument>('circles', body, etag);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
  throw appError('VERSION_CONFLICT', 'The circle is being changed by others. Try again.');
}

export function addMember(store: DocumentStore, circleId: string, member: CircleMember) {
  return updateCircle(store, circleId, (current) =>
    Object.hasOwn(current.members, member.userId)
      ? null
      : { ...current, members: { ...current.members, [member.userId]: member } },
  );
}

/** Appends an ended session's roles to the circle's history, once per session. */
export function recordSessionRoles(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
  roles: RoleAssignment,
) {
  return updateCircle(store, circleId, (current) => {
    const sessionIds = current.roleHistorySessionIds ?? [];
    if (sessionIds.includes(sessionId) || Object.keys(roles).length === 0) return null;
    return {
      ...current,
      roleHistory: [...current.roleHistory, roles],
      roleHistorySessionIds: [...sessionIds, sessionId],
    };
  });
}

/** Members in the order they joined: rotation's stable order and the order panels list them in. */
export function listMembers(circle: CircleDocument): CircleMember[] {
  return Object.values(circle.members).sort(
    (a, b) => a.joinedAtMs - b.joinedAtMs || a.userId.localeCompare(b.userId),
  );
}

/** The circle's time zone: its cadence's, or its creator's when it has no cadence yet. */
export function readCircleTimeZone(circle: CircleDocument): string {
  if (circle.cadence !== null) return circle.cadence.timeZone;
  const creator = Object.hasOwn(circle.members, circle.createdBy)
    ? circle.members[circle.createdBy]
    : undefined;
  return creator?.timeZone ?? DEFAULT_TIME_ZONE;
}

export function toCircleView(circle: CircleDocument) {
  return {
    id: circle.id,
    name: circle.name,
    hostMeetings: circle.hostMeetings,
    frameworkId: circle.frameworkId,
    customFrameworks: circle.customFrameworks,
    cadence: circle.cadence,
    norms: circle.norms,
    glossary: circle.glossary,
    consentDefaults: circle.consentDefaults,
    members: listMembers(circle),
    roleHistory: circle.roleHistory,
    createdAtMs: circle.createdAtMs,
    createdBy: circle.createdBy,
  };
}

export function isMeetingHost(value: string): value is MeetingHost {
  return value === 'teams' || value === 'zoom';
}

function taken() {
  return appError('ALREADY_EXISTS', 'This meeting is already linked to a circle you cannot join.');
}
