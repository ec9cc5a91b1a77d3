import type { Caller } from '../auth/caller.js';
import type { MeetingHost } from '../circles/model.js';

// Who may join a circle: the people in its meeting. The routes ask this port; which roster answers
// depends on where the caller signed in (shared/DESIGN.md "Circles and sessions").

export interface RosterQuery {
  readonly host: MeetingHost;
  readonly meetingKey: string;
  readonly caller: Caller;
  /** The meeting the caller's Zoom app context was issued for; null for other callers. */
  readonly zoomMeetingId: string | null;
}

export interface RosterPort {
  isInMeeting(query: RosterQuery): Promise<boolean>;
}

/** A Teams meeting chat's members, as the Bot Connector lists them. */
export interface TeamsChatRoster {
  isChatMember(chatId: string, caller: Caller): Promise<boolean>;
}

export interface RosterOptions {
  /** Dev mode: demo users join any circle freely. */
  readonly allowDevCallers: boolean;
  /** null when the bot is not set up: nobody can join a Teams circle by its roster. */
  readonly teams: TeamsChatRoster | null;
}

/**
 * - dev callers: in, when dev mode is on;
 * - Zoom: the app context Zoom signed for this caller names the meeting;
 * - Teams: the meeting chat's roster from the Bot Connector lists the caller.
 */
export function createRoster(options: RosterOptions): RosterPort {
  return {
    async isInMeeting({ host, meetingKey, caller, zoomMeetingId }) {
      if (caller.source === 'dev') return options.allowDevCallers;
      if (host === 'zoom') return caller.source === 'zoom' && zoomMeetingId === meetingKey;
      if (caller.source !== 'teams' || options.teams === null) return false;
      return options.teams.isChatMember(meetingKey, caller);
    },
  };
}
