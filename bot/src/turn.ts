import type { AdaptiveCard } from './cards/adaptive-card.js';
import type { ConversationReferenceJson, PersonContact, SavedConversation } from './port.js';

// What a handler sees of an incoming activity and what it can do, with no framework types: the
// glue (teams-ai-glue.ts) turns Bot Framework activities into these and back.

export type ConversationScope = 'personal' | 'groupChat' | 'team';

export interface IncomingTurn {
  readonly scope: ConversationScope;
  readonly tenantId: string;
  readonly conversationId: string;
  /** `channelData.meeting.id` when the activity comes from a meeting. */
  readonly meetingId: string | null;
  readonly serviceUrl: string;
  readonly from: {
    /** Entra object id; null for callers Teams does not name (anonymous guests). */
    readonly userId: string | null;
    readonly displayName: string;
    readonly channelAccountId: string;
  };
  readonly reference: ConversationReferenceJson;
}

export type OutgoingMessage =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'card'; readonly card: AdaptiveCard };

/** The Graph ids of the meeting, read from Teams' meeting details; null when Teams has none. */
export interface OnlineMeetingIds {
  readonly organizerId: string;
  readonly onlineMeetingId: string;
}

export interface TurnActions {
  reply(message: OutgoingMessage): Promise<void>;
  readMeetingIds(): Promise<OnlineMeetingIds | null>;
}

/** Proactive messages, outside any turn. */
export interface Messenger {
  send(reference: ConversationReferenceJson, message: OutgoingMessage): Promise<void>;
  /** Opens a one-to-one chat with someone the bot has not chatted with yet. */
  openPersonalConversation(contact: PersonContact): Promise<SavedConversation>;
}

export interface BotLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface ParticipantEvent {
  readonly userId: string | null;
  readonly displayName: string;
  readonly channelAccountId: string | null;
}

/** The bot's handlers, one per kind of activity it reacts to. */
export interface BotHandlers {
  /** Installed in a chat, a team or one to one: greet and keep the conversation reference. */
  installed(turn: IncomingTurn, actions: TurnActions): Promise<void>;
  /** Added to a conversation again (a conversationUpdate): keep the reference, say nothing. */
  remembered(turn: IncomingTurn): Promise<void>;
  meetingStart(turn: IncomingTurn, actions: TurnActions): Promise<void>;
  meetingEnd(turn: IncomingTurn, actions: TurnActions): Promise<void>;
  participants(
    turn: IncomingTurn,
    change: 'joined' | 'left',
    people: readonly ParticipantEvent[],
  ): Promise<void>;
  message(turn: IncomingTurn, text: string, actions: TurnActions): Promise<void>;
  /** Any turn that failed: logged without personal text, answered politely. */
  failed(turn: IncomingTurn | null, error: unknown, actions: TurnActions | null): Promise<void>;
}
