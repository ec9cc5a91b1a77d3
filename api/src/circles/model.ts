import type { Framework, FrameworkId, GlossaryEntry, RoleAssignment } from '@grow-together/core';

// The circle document: one per circle, in the `circles` container under its own partition, read
// with a point read on every authorised request. Everything a circle produces lives in the same
// partition, so a circle's data is one partition's queries and never a cross-partition scan.

export type MeetingHost = 'teams' | 'zoom';

/** A host meeting the circle meets in: a Teams meeting chat id, or a Zoom meeting id. */
export interface HostMeeting {
  readonly host: MeetingHost;
  readonly meetingKey: string;
}

export interface CircleMember {
  readonly userId: string;
  readonly displayName: string;
  /** IANA time zone, e.g. Europe/Berlin: nudges and the session's day use it. */
  readonly timeZone: string;
  readonly pronouns: string | null;
  readonly joinedAtMs: number;
}

export interface Cadence {
  readonly frequency: 'weekly' | 'fortnightly';
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Local start time, `HH:MM`. */
  readonly startTime: string;
  readonly timeZone: string;
  readonly durationMinutes: number;
}

export interface ConsentDefaults {
  /** Ask before every role-play (the default), or only at the first one of a session. */
  readonly rolePlay: 'ask-every-time' | 'ask-once-per-session';
}

export interface CircleDocument {
  readonly id: string;
  /** Partition key: equal to `id`. */
  readonly circleId: string;
  readonly type: 'circle';
  readonly tenantId: string;
  readonly name: string;
  readonly hostMeetings: readonly HostMeeting[];
  readonly frameworkId: FrameworkId;
  /** Frameworks the circle copied and edited, validated before they were saved. */
  readonly customFrameworks: readonly Framework[];
  readonly cadence: Cadence | null;
  readonly norms: readonly string[];
  readonly glossary: readonly GlossaryEntry[];
  readonly consentDefaults: ConsentDefaults;
  /** Keyed by user id (Entra object id, Zoom user id). */
  readonly members: Readonly<Record<string, CircleMember>>;
  /** Roles of past sessions, oldest first: rotation proposes the next from it. */
  readonly roleHistory: readonly RoleAssignment[];
  /** The session each `roleHistory` entry came from, so an ended session is recorded once. */
  readonly roleHistorySessionIds?: readonly string[];
  readonly createdAtMs: number;
  readonly createdBy: string;
}

/**
 * The `meetings` container's lookup from a host meeting to its circle, so "the circle for this
 * meeting" is a point read. Recurring Teams meetings share one chat id, so they share one circle.
 */
export interface MeetingLookupDocument {
  /** The tenant-scoped key (formatMeetingLookupKey): one circle per meeting in each tenant. */
  readonly id: string;
  /** Partition key: the same key as the id. */
  readonly meetingKey: string;
  readonly host: MeetingHost;
  readonly tenantId: string;
  readonly circleId: string;
  readonly createdAtMs: number;
}
