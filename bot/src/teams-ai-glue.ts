// Every botbuilder and @microsoft/teams-ai call lives in this file, so a move to the newer Teams
// SDK replaces this file and nothing else. It turns Bot Framework activities into the plain turns
// of turn.ts, and the bot's plain messages back into activities.
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsInfo,
  TurnContext,
  type Activity,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { PersonContact, SavedConversation } from './port.js';
import type {
  BotHandlers,
  BotLogger,
  ConversationScope,
  IncomingTurn,
  Messenger,
  OnlineMeetingIds,
  OutgoingMessage,
  ParticipantEvent,
  TurnActions,
} from './turn.js';

/** The request as the web framework parsed it: the JSON body and the headers. */
export interface BotHttpRequest {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly method: string;
}

/** The small response object CloudAdapter writes to (shared/PLATFORM.md, hosting on Fastify). */
export interface BotHttpResponse {
  readonly socket: unknown;
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(body?: unknown): unknown;
  end(): unknown;
}

export interface TeamsBotOptions {
  /**
   * The bot's app registration. With it, every request must carry a valid Bot Framework JWT;
   * null is dev mode, where the adapter accepts unauthenticated requests.
   */
  readonly credentials: {
    readonly appId: string;
    readonly appPassword: string;
    readonly tenantId: string | null;
  } | null;
  readonly log: BotLogger;
}

export interface TeamsBot {
  readonly messenger: Messenger;
  useHandlers(handlers: BotHandlers): void;
  process(request: BotHttpRequest, response: BotHttpResponse): Promise<void>;
}

// Teams sends the singular names; teams-ai v1 listens for plural ones (shared/PLATFORM.md).
// Both are accepted, so a Teams that one day sends the plural still reaches the handler.
const PARTICIPANT_JOIN = [
  'application/vnd.microsoft.meetingParticipantJoin',
  'application/vnd.microsoft.meetingParticipantsJoin',
];
const PARTICIPANT_LEAVE = [
  'application/vnd.microsoft.meetingParticipantLeave',
  'application/vnd.microsoft.meetingParticipantsLeave',
];
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { credentials, log } = options;
  const appId = credentials?.appId ?? '';
  const adapter = new TeamsAdapter(
    credentials === null
      ? {}
      : {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.appPassword,
          MicrosoftAppType: credentials.tenantId === null ? 'MultiTenant' : 'SingleTenant',
          ...(credentials.tenantId === null ? {} : { MicrosoftAppTenantId: credentials.tenantId }),
        },
  );
  const app = new Application<TurnState>({
    adapter,
    botAppId: appId,
    // No typing indicators and no mention text: replies are quick and commands are plain words.
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  let handlers: BotHandlers | null = null;
  const use = (): BotHandlers => {
    if (handlers === null) throw new Error('the bot has no handlers yet');
    return handlers;
  };

  /** Runs one handler; a failure is logged and answered politely, and the turn still ends well. */
  async function runTurn(
    context: TurnContext,
    run: (turn: IncomingTurn, actions: TurnActions) => Promise<void>,
  ): Promise<void> {
    const turn = readTurn(context);
    const actions = createActions(context);
    try {
      await run(turn, actions);
    } catch (error) {
      await use().failed(turn, error, actions);
    }
  }

  adapter.onTurnError = async (context, error) => {
    await use().failed(null, error, createActions(context));
  };

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = String(context.activity.action ?? '');
    if (!action.startsWith('add')) return;
    await runTurn(context, (turn, actions) => use().installed(turn, actions));
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient.id;
    const isBotAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    // Teams greets through installationUpdate; a conversationUpdate only keeps the reference fresh.
    if (isBotAdded) await runTurn(context, (turn) => use().remembered(turn));
  });

  app.meetings.start(async (context) => {
    await runTurn(context, (turn, actions) => use().meetingStart(turn, actions));
  });
  app.meetings.end(async (context) => {
    await runTurn(context, (turn, actions) => use().meetingEnd(turn, actions));
  });

  const isEvent = (names: readonly string[]) => async (context: TurnContext) =>
    context.activity.type === ActivityTypes.Event &&
    context.activity.channelId === 'msteams' &&
    names.includes(context.activity.name ?? '');
  app.activity(isEvent(PARTICIPANT_JOIN), async (context) => {
    await runTurn(context, (turn) =>
      use().participants(turn, 'joined', readParticipants(context.activity.value)),
    );
  });
  app.activity(isEvent(PARTICIPANT_LEAVE), async (context) => {
    await runTurn(context, (turn) =>
      use().participants(turn, 'left', readParticipants(context.activity.value)),
    );
  });

  app.activity(ActivityTypes.Message, async (context) => {
    await runTurn(context, (turn, actions) =>
      use().message(turn, context.activity.text ?? '', actions),
    );
  });

  const messenger: Messenger = {
    async send(reference, message) {
      // Caught here, not by the adapter's onTurnError: a proactive send that failed must fail the
      // caller, so the scheduler can try again later.
      let failure: unknown = null;
      await adapter.continueConversationAsync(
        appId,
        reference as Partial<ConversationReference>,
        async (context) => {
          try {
            await context.sendActivity(toActivity(message));
          } catch (error) {
            failure = error;
          }
        },
      );
      if (failure !== null) throw failure;
    },
    async openPersonalConversation(contact: PersonContact): Promise<SavedConversation> {
      const parameters = {
        isGroup: false,
        bot: { id: appId, name: 'Grow Together' },
        members: [{ id: contact.channelAccountId, name: '' }],
        tenantId: contact.tenantId,
        channelData: { tenant: { id: contact.tenantId } },
      } as ConversationParameters;
      let reference: Partial<ConversationReference> | null = null;
      await adapter.createConversationAsync(
        appId,
        'msteams',
        contact.serviceUrl,
        BOT_FRAMEWORK_AUDIENCE,
        parameters,
        async (context) => {
          reference = TurnContext.getConversationReference(context.activity);
        },
      );
      const opened = reference as Partial<ConversationReference> | null;
      const conversationId = opened?.conversation?.id;
      if (opened === null || conversationId === undefined) {
        throw new Error('Teams did not open the one-to-one chat');
      }
      return {
        tenantId: contact.tenantId,
        scope: 'personal',
        conversationId,
        serviceUrl: contact.serviceUrl,
        userId: contact.userId,
        reference: toJson(opened),
      };
    },
  };

  return {
    messenger,
    useHandlers(next) {
      handlers = next;
    },
    async process(request, response) {
      await adapter.process(
        {
          body: request.body as Record<string, unknown>,
          headers: request.headers,
          method: request.method,
        },
        response,
        async (context) => {
          await app.run(context);
        },
      );
    },
  };

  function createActions(context: TurnContext): TurnActions {
    return {
      async reply(message) {
        await context.sendActivity(toActivity(message));
      },
      async readMeetingIds(): Promise<OnlineMeetingIds | null> {
        const meetingId = readMeetingId(context.activity);
        if (meetingId === null) return null;
        const info = await TeamsInfo.getMeetingInfo(context, meetingId);
        const organizerId = info.organizer?.aadObjectId;
        const onlineMeetingId = info.details?.msGraphResourceId;
        if (!organizerId || !onlineMeetingId) {
          log.info({}, 'Teams gave no Graph ids for the meeting');
          return null;
        }
        return { organizerId, onlineMeetingId };
      },
    };
  }
}

function readTurn(context: TurnContext): IncomingTurn {
  const activity = context.activity;
  const channelData = (activity.channelData ?? {}) as {
    tenant?: { id?: string };
    team?: { id?: string };
  };
  return {
    scope: readScope(activity.conversation.conversationType),
    tenantId: activity.conversation.tenantId ?? channelData.tenant?.id ?? '',
    conversationId: activity.conversation.id,
    meetingId: readMeetingId(activity),
    serviceUrl: activity.serviceUrl,
    from: {
      userId: activity.from.aadObjectId ?? null,
      displayName: activity.from.name ?? '',
      channelAccountId: activity.from.id,
    },
    reference: toJson(TurnContext.getConversationReference(activity)),
  };
}

function readScope(conversationType: string | undefined): ConversationScope {
  if (conversationType === 'personal') return 'personal';
  if (conversationType === 'channel') return 'team';
  return 'groupChat';
}

function readMeetingId(activity: Activity): string | null {
  const meeting = (activity.channelData as { meeting?: { id?: unknown } } | undefined)?.meeting;
  return typeof meeting?.id === 'string' && meeting.id !== '' ? meeting.id : null;
}

/** `value.members[]` of a participant event: `{ user: { aadObjectId, name, id }, meeting }`. */
function readParticipants(value: unknown): ParticipantEvent[] {
  const members = (value as { members?: unknown } | undefined)?.members;
  if (!Array.isArray(members)) return [];
  return members.flatMap((member: unknown) => {
    const user = (member as { user?: Record<string, unknown> } | null)?.user;
    if (user === undefined || user === null) return [];
    const text = (field: string) =>
      typeof user[field] === 'string' ? (user[field] as string) : null;
    return [
      {
        userId: text('aadObjectId'),
        displayName: text('name') ?? '',
        channelAccountId: text('id'),
      },
    ];
  });
}

function toActivity(message: OutgoingMessage): Partial<Activity> {
  if (message.kind === 'text') {
    return { ...MessageFactory.text(message.text), textFormat: 'markdown' };
  }
  return MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
}

function toJson(reference: Partial<ConversationReference>): Readonly<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
}
