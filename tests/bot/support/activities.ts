// Teams activities as Teams sends them to a bot's messaging endpoint. Shapes from the Bot Framework
// and Teams documentation: installationUpdate and conversationUpdate ("Conversation events"),
// meetingStart / meetingEnd with their capitalised `value` fields (Id, MeetingType, JoinUrl, Title,
// StartTime, EndTime), meetingParticipantJoin / Leave (singular, `value.members[].user` and
// `.meeting`), and messages with the bot's @mention, all with `channelData.tenant` and, in a
// meeting, `channelData.meeting.id`.

export const BOT_ID = '28:grow-together-bot';
export const BOT_NAME = 'Grow Together';

export interface ChatContext {
  readonly serviceUrl: string;
  readonly tenantId: string;
  /** The meeting chat's conversation id, `19:meeting_…@thread.v2`. */
  readonly chatId: string;
  /** `channelData.meeting.id`, base64 as Teams sends it. */
  readonly meetingId: string;
}

export interface TeamsUser {
  /** Entra object id: the id the panel's sign-in gives. */
  readonly aadObjectId: string;
  readonly name: string;
}

let sequence = 0;
const nextId = () => `1700000000${String((sequence += 1)).padStart(3, '0')}`;

export const channelAccountIdOf = (user: TeamsUser) => `29:1${user.aadObjectId}`;

function base(chat: ChatContext, from: TeamsUser | null, atMs: number) {
  return {
    id: nextId(),
    timestamp: new Date(atMs).toISOString(),
    localTimestamp: new Date(atMs).toISOString(),
    serviceUrl: chat.serviceUrl,
    channelId: 'msteams',
    from:
      from === null
        ? { id: '29:1organizer', aadObjectId: 'organizer' }
        : { id: channelAccountIdOf(from), name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: BOT_ID, name: BOT_NAME },
    conversation: {
      isGroup: true,
      conversationType: 'groupChat',
      tenantId: chat.tenantId,
      id: chat.chatId,
    },
    channelData: {
      tenant: { id: chat.tenantId },
      meeting: { id: chat.meetingId },
    },
    locale: 'en-US',
  };
}

export function installationUpdate(chat: ChatContext, by: TeamsUser, atMs: number) {
  return {
    ...base(chat, by, atMs),
    type: 'installationUpdate',
    action: 'add',
    channelData: { tenant: { id: chat.tenantId }, source: { name: 'message' } },
  };
}

export function personalInstallationUpdate(
  serviceUrl: string,
  tenantId: string,
  user: TeamsUser,
  atMs: number,
) {
  return {
    ...base({ serviceUrl, tenantId, chatId: '', meetingId: '' }, user, atMs),
    type: 'installationUpdate',
    action: 'add',
    conversation: {
      conversationType: 'personal',
      tenantId,
      id: `a:1personal-${user.aadObjectId}`,
    },
    channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
  };
}

export function botAddedToChat(chat: ChatContext, by: TeamsUser, atMs: number) {
  return {
    ...base(chat, by, atMs),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT_ID }],
    channelData: { tenant: { id: chat.tenantId } },
  };
}

export function meetingStart(chat: ChatContext, atMs: number) {
  return {
    ...base(chat, null, atMs),
    type: 'event',
    name: 'application/vnd.microsoft.meetingStart',
    value: {
      Id: chat.meetingId,
      MeetingType: 'Scheduled',
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_test%40thread.v2/0',
      Title: 'Peer coaching circle',
      StartTime: new Date(atMs).toISOString(),
    },
  };
}

export function meetingEnd(chat: ChatContext, atMs: number) {
  return {
    ...base(chat, null, atMs),
    type: 'event',
    name: 'application/vnd.microsoft.meetingEnd',
    value: {
      Id: chat.meetingId,
      MeetingType: 'Scheduled',
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_test%40thread.v2/0',
      Title: 'Peer coaching circle',
      EndTime: new Date(atMs).toISOString(),
    },
  };
}

export function participants(
  chat: ChatContext,
  change: 'Join' | 'Leave',
  users: readonly TeamsUser[],
  atMs: number,
) {
  return {
    ...base(chat, null, atMs),
    type: 'event',
    name: `application/vnd.microsoft.meetingParticipant${change}`,
    value: {
      members: users.map((user) => ({
        user: {
          tenantId: chat.tenantId,
          objectId: user.aadObjectId,
          id: channelAccountIdOf(user),
          name: user.name,
          aadObjectId: user.aadObjectId,
          role: 'user',
        },
        meeting: { inMeeting: change === 'Join', role: 'Attendee' },
      })),
    },
  };
}

export function message(chat: ChatContext, from: TeamsUser, text: string, atMs: number) {
  const mention = `<at>${BOT_NAME}</at>`;
  return {
    ...base(chat, from, atMs),
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [
      { type: 'mention', text: mention, mentioned: { id: BOT_ID, name: BOT_NAME } },
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' },
    ],
  };
}

export function personalMessage(
  serviceUrl: string,
  tenantId: string,
  from: TeamsUser,
  text: string,
  atMs: number,
) {
  return {
    ...base({ serviceUrl, tenantId, chatId: '', meetingId: '' }, from, atMs),
    type: 'message',
    text,
    textFormat: 'plain',
    conversation: { conversationType: 'personal', tenantId, id: `a:1personal-${from.aadObjectId}` },
    channelData: { tenant: { id: tenantId } },
  };
}
