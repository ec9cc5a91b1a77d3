import type {
  Commitment,
  FrameworkKind,
  ParticipantId,
  Role,
  RoleAssignment,
  SessionSummary,
} from '@grow-together/core';

// The narrow port the bot needs from the server, declared here and implemented by the api over its
// store (shared/DESIGN.md: the bot never imports api code). Everything is keyed the way Teams
// names things: a tenant, a chat (the meeting chat's conversation id) and a person's Entra object id.

/** A Teams person: tenant and Entra object id, the same ids the panel's sign-in gives. */
export interface PersonAddress {
  readonly tenantId: string;
  readonly userId: string;
}

/** A meeting chat and, when the activity carries it, the meeting (`channelData.meeting.id`). */
export interface MeetingAddress {
  readonly tenantId: string;
  readonly chatId: string;
  readonly meetingId: string | null;
}

/**
 * Where the bot can post without being spoken to: the Bot Framework conversation reference as
 * JSON (serviceUrl, conversation, bot), kept as the framework gave it.
 */
export type ConversationReferenceJson = Readonly<Record<string, unknown>>;

export interface SavedConversation {
  readonly tenantId: string;
  /** `personal` is a one-to-one chat with `userId`; the others are shared chats. */
  readonly scope: 'personal' | 'groupChat' | 'team';
  readonly conversationId: string;
  readonly serviceUrl: string;
  /** The person of a personal chat. */
  readonly userId: string | null;
  readonly reference: ConversationReferenceJson;
}

/** How the bot can reach someone it has never chatted with one to one. */
export interface PersonContact {
  readonly tenantId: string;
  readonly userId: string;
  /** The Teams channel account id (`29:…`). */
  readonly channelAccountId: string;
  readonly serviceUrl: string;
}

export interface MemberBrief {
  readonly userId: string;
  readonly displayName: string;
}

/** What the meeting start card shows. */
export interface MeetingBriefing {
  readonly circleName: string;
  readonly frameworkName: string;
  readonly frameworkKind: FrameworkKind;
  readonly frameworkSummary: string;
  readonly stageNames: readonly string[];
  readonly totalMinutes: number;
  readonly norms: readonly string[];
  readonly members: readonly MemberBrief[];
  /** Today's roles: from the session when it exists, otherwise rotation's proposal; null when none fits. */
  readonly roles: RoleAssignment | null;
  /** Why there are no roles (too few people), in words for the chat. */
  readonly rolesNote: string | null;
}

export interface SummaryForCard {
  readonly circleName: string;
  readonly summary: SessionSummary;
  /** Display names of everyone the summary mentions (owners, appreciators), by id. */
  readonly names: Readonly<Record<ParticipantId, string>>;
}

export type EndOutcome =
  | { readonly kind: 'ended' | 'already-ended'; readonly sessionId: string }
  /** Nobody ran a session in the panel for this meeting today. */
  | { readonly kind: 'no-session' }
  /** The session never started, or no one who may end it was there; it stays as it is. */
  | { readonly kind: 'not-underway'; readonly sessionId: string }
  /** The chat has no circle yet. */
  | { readonly kind: 'no-circle' };

export interface PersonCommitment extends Commitment {
  readonly circleName: string;
}

export type OptOutKind = 'tracking' | 'transcript' | 'nudges';

export interface ParticipantChange {
  readonly userId: string;
  readonly displayName: string;
  readonly channelAccountId: string | null;
}

/** Private feedback waiting to be delivered one to one. */
export interface PendingFeedback {
  readonly feedbackId: string;
  readonly recipient: PersonAddress;
  readonly fromDisplayName: string;
  readonly circleName: string;
  readonly text: string;
  readonly createdAtMs: number;
}

/** One circle as the nudge planner sees it. */
export interface NudgeCircle {
  readonly circleId: string;
  readonly tenantId: string;
  readonly circleName: string;
  readonly cadence: {
    readonly frequency: 'weekly' | 'fortnightly';
    readonly weekday: number;
    readonly startTime: string;
    readonly timeZone: string;
    readonly durationMinutes: number;
  } | null;
  /** When the circle was created: fortnightly cadences count their weeks from it. */
  readonly createdAtMs: number;
  readonly members: readonly {
    readonly userId: string;
    readonly displayName: string;
    readonly timeZone: string;
    readonly hasOptedOutOfNudges: boolean;
  }[];
  readonly openCommitments: readonly Commitment[];
}

export type NudgeClaim = 'claimed' | 'already-sent' | 'in-flight';

export interface CompanionPort {
  saveConversation(conversation: SavedConversation): Promise<void>;
  readPersonalConversation(person: PersonAddress): Promise<SavedConversation | null>;
  /** Remembers how to reach a person (their channel account id) for a first one-to-one message. */
  saveContact(contact: PersonContact): Promise<void>;
  readContact(person: PersonAddress): Promise<PersonContact | null>;

  readMeetingBriefing(meeting: MeetingAddress, nowMs: number): Promise<MeetingBriefing | null>;
  /** Ends today's session of the meeting through the same path as the panel's end button. */
  endMeeting(meeting: MeetingAddress, nowMs: number): Promise<EndOutcome>;
  /** Analyses a WebVTT transcript and merges it into the session, as an upload would. */
  attachTranscript(meeting: MeetingAddress, sessionId: string, vtt: string): Promise<void>;
  /** The summary of the meeting's latest session (today's, or the last one the chat had). */
  readSummary(meeting: MeetingAddress, nowMs: number): Promise<SummaryForCard | null>;
  recordParticipants(
    meeting: MeetingAddress,
    change: 'joined' | 'left',
    people: readonly ParticipantChange[],
    nowMs: number,
  ): Promise<void>;

  listOpenCommitments(person: PersonAddress): Promise<PersonCommitment[]>;
  setOptOut(
    person: PersonAddress & { readonly displayName: string },
    kinds: readonly OptOutKind[],
    isOptedOut: boolean,
    meeting: MeetingAddress | null,
    nowMs: number,
  ): Promise<void>;

  /** Every circle whose chat the bot is in, with what nudges are planned from. */
  listNudgeCircles(): Promise<NudgeCircle[]>;
  /** Takes the right to send a nudge (stored before sending), or says why not. */
  claimNudge(person: PersonAddress, key: string, nowMs: number): Promise<NudgeClaim>;
  /** After the send: `sent` is final; `failed` lets a later run try again. */
  settleNudge(
    person: PersonAddress,
    key: string,
    outcome: 'sent' | 'failed',
    nowMs: number,
  ): Promise<void>;

  listPendingFeedback(): Promise<PendingFeedback[]>;
  markFeedbackDelivered(feedbackId: string, recipient: PersonAddress, nowMs: number): Promise<void>;
}

/** The meeting's transcript as WebVTT, or null when there is none (yet). */
export interface TranscriptSource {
  fetchTranscript(meeting: {
    readonly tenantId: string;
    readonly organizerId: string;
    readonly onlineMeetingId: string;
  }): Promise<string | null>;
}

export type { Role };
