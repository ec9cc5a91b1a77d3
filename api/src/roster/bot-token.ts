// The bot's own access token for the Bot Connector: OAuth client credentials against Entra, kept
// until shortly before it expires so a roster check does not cost a token request.

export const BOT_FRAMEWORK_TOKEN_URL =
  'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token';
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface BotTokenOptions {
  readonly appId: string;
  readonly appPassword: string;
  /** Single-tenant bots use their tenant's token endpoint instead of botframework.com's. */
  readonly tokenUrl?: string;
  readonly fetch?: typeof fetch;
  readonly readNowMs?: () => number;
}

export function createBotTokenSource(options: BotTokenOptions): () => Promise<string> {
  const fetchFn = options.fetch ?? fetch;
  const readNowMs = options.readNowMs ?? Date.now;
  let cached: { token: string; refreshAtMs: number } | null = null;
  let pending: Promise<string> | null = null;

  async function requestToken(): Promise<string> {
    const response = await fetchFn(options.tokenUrl ?? BOT_FRAMEWORK_TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.appId,
        client_secret: options.appPassword,
        scope: BOT_FRAMEWORK_SCOPE,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`The bot's token request was refused (${response.status}).`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new Error('The token endpoint sent no access token.');
    }
    cached = {
      token: body.access_token,
      refreshAtMs: readNowMs() + body.expires_in * 1000 - REFRESH_BEFORE_EXPIRY_MS,
    };
    return body.access_token;
  }

  return async () => {
    if (cached !== null && readNowMs() < cached.refreshAtMs) return cached.token;
    pending ??= requestToken().finally(() => {
      pending = null;
    });
    return pending;
  };
}
