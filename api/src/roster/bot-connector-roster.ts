import type { Caller } from '../auth/caller.js';
import { appError } from '../errors.js';
import type { TeamsChatRoster } from './roster-port.js';

// The meeting chat's roster from the Bot Connector: `GET {serviceUrl}/v3/conversations/{chatId}/members`
// with the bot's token. Teams lists each member with the Entra object id (`aadObjectId`) and
// tenant, which are what a Teams caller is known by here.

export interface BotConnectorRosterOptions {
  /** The Bot Connector's base URL for the tenant's region, e.g. https://smba.trafficmanager.net/emea/. */
  readonly serviceUrl: string;
  readonly getAccessToken: () => Promise<string>;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

interface ChannelAccount {
  readonly id?: unknown;
  readonly aadObjectId?: unknown;
  readonly tenantId?: unknown;
}

const DEFAULT_TIMEOUT_MS = 5_000;

export function createBotConnectorRoster(options: BotConnectorRosterOptions): TeamsChatRoster {
  const fetchFn = options.fetch ?? fetch;
  const baseUrl = options.serviceUrl.endsWith('/') ? options.serviceUrl : `${options.serviceUrl}/`;
  return {
    async isChatMember(chatId: string, caller: Caller): Promise<boolean> {
      const url = new URL(`v3/conversations/${encodeURIComponent(chatId)}/members`, baseUrl);
      let response: Response;
      try {
        response = await fetchFn(url, {
          headers: {
            authorization: `Bearer ${await options.getAccessToken()}`,
            accept: 'application/json',
          },
          signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
      } catch (error) {
        throw unavailable(error);
      }
      // The bot is not in that chat (not installed, or no such chat): nobody can be shown in it.
      if (response.status === 403 || response.status === 404) return false;
      if (!response.ok) throw unavailable(new Error(`Bot Connector answered ${response.status}`));
      const members = (await response.json()) as unknown;
      if (!Array.isArray(members))
        throw unavailable(new Error('Bot Connector sent no member list'));
      return members.some((member: ChannelAccount) => isCaller(member, caller));
    },
  };
}

function isCaller(member: ChannelAccount, caller: Caller): boolean {
  const isSameTenant = member.tenantId === undefined || member.tenantId === caller.tenantId;
  return isSameTenant && member.aadObjectId === caller.userId;
}

function unavailable(cause: unknown) {
  const error = appError(
    'ROSTER_UNAVAILABLE',
    'The meeting roster could not be checked just now. Try again in a moment.',
  );
  error.cause = cause;
  return error;
}
