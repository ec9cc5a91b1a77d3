import type { TranscriptSource } from '@grow-together/bot';

// The meeting's transcript from Microsoft Graph, with the bot's app-only token:
//   GET {graph}/users/{organizerId}/onlineMeetings/{onlineMeetingId}/transcripts
//   GET {graph}/users/{organizerId}/onlineMeetings/{onlineMeetingId}/transcripts/{id}/content?$format=text/vtt
// The app needs OnlineMeetingTranscript.Read.All (or the chat's RSC permission
// OnlineMeetingTranscript.Read.Chat) and, for application permissions, an application access
// policy for the organizer. Graph makes the transcript available a little after the meeting ends,
// so "none yet" is an ordinary answer, not an error.

export interface GraphTranscriptOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  readonly baseUrl: string;
  /** An app-only Graph token for the meeting's tenant. */
  readonly getAccessToken: (tenantId: string) => Promise<string>;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

interface TranscriptList {
  readonly value?: readonly { readonly id?: unknown; readonly createdDateTime?: unknown }[];
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** The api refuses larger uploads too (sessions/transcript.ts). */
const MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024;

export function createGraphTranscriptSource(options: GraphTranscriptOptions): TranscriptSource {
  const fetchFn = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/$/, '');
  return {
    async fetchTranscript({ tenantId, organizerId, onlineMeetingId }) {
      const token = await options.getAccessToken(tenantId);
      const meetingUrl =
        `${base}/users/${encodeURIComponent(organizerId)}` +
        `/onlineMeetings/${encodeURIComponent(onlineMeetingId)}/transcripts`;
      const call = (url: string, accept: string) =>
        fetchFn(url, {
          headers: { authorization: `Bearer ${token}`, accept },
          signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
      const listed = await call(meetingUrl, 'application/json');
      if (listed.status === 404) return null;
      if (!listed.ok) throw new Error(`Graph listed transcripts with ${listed.status}`);
      const { value = [] } = (await listed.json()) as TranscriptList;
      const latest = [...value]
        .filter(
          (item): item is { id: string; createdDateTime?: unknown } => typeof item.id === 'string',
        )
        .sort((a, b) =>
          String(b.createdDateTime ?? '').localeCompare(String(a.createdDateTime ?? '')),
        )[0];
      if (latest === undefined) return null;
      const content = await call(
        `${meetingUrl}/${encodeURIComponent(latest.id)}/content?$format=text/vtt`,
        'text/vtt',
      );
      if (content.status === 404) return null;
      if (!content.ok) throw new Error(`Graph sent the transcript with ${content.status}`);
      const declared = Number(content.headers.get('content-length'));
      if (declared > MAX_TRANSCRIPT_BYTES)
        throw new Error('the transcript is too large to analyse');
      return content.text();
    },
  };
}

/** App-only tokens for Graph, per tenant, kept until shortly before they expire. */
export function createGraphTokenSource(options: {
  readonly appId: string;
  readonly appPassword: string;
  /** The tenant's token endpoint; a function so tests can point it at a stand-in. */
  readonly tokenUrlFor?: (tenantId: string) => string;
  readonly fetch?: typeof fetch;
  readonly readNowMs?: () => number;
}): (tenantId: string) => Promise<string> {
  const fetchFn = options.fetch ?? fetch;
  const readNowMs = options.readNowMs ?? Date.now;
  const tokenUrlFor =
    options.tokenUrlFor ??
    ((tenantId: string) =>
      `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`);
  const cache = new Map<string, { token: string; refreshAtMs: number }>();
  return async (tenantId) => {
    const cached = cache.get(tenantId);
    if (cached !== undefined && readNowMs() < cached.refreshAtMs) return cached.token;
    const response = await fetchFn(tokenUrlFor(tenantId), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.appId,
        client_secret: options.appPassword,
        scope: 'https://graph.microsoft.com/.default',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`The Graph token request was refused (${response.status}).`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new Error('The token endpoint sent no access token.');
    }
    cache.set(tenantId, {
      token: body.access_token,
      refreshAtMs: readNowMs() + (body.expires_in - 300) * 1000,
    });
    return body.access_token;
  };
}
