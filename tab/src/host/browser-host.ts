import type { ThemeName } from '../app/panel-model.js';
import { onSystemThemeChange, readSystemTheme, type HostAdapter } from './host-adapter.js';

// The plain browser: the local demo and the tests. A demo user and a demo meeting, chosen in the
// picker or given in the URL (`?user=demo-ana&meeting=demo-1`), so that several browser tabs
// become the people in one call. Sign-in is a dev token the server mints (dev mode only).

export interface DemoUser {
  readonly userId: string;
  readonly displayName: string;
  readonly timeZone: string;
}

export interface BrowserHostOptions {
  readonly userId: string;
  readonly meeting: string;
  /** A theme forced by the URL (`?theme=dark`); otherwise the system's. */
  readonly theme: ThemeName | null;
  readonly fetch?: typeof fetch;
  readonly readNowMs?: () => number;
}

interface DevToken {
  readonly token: string;
  readonly expiresAtMs: number;
  readonly caller: { readonly userId: string; readonly displayName: string };
}

export async function listDemoUsers(fetchImpl: typeof fetch = fetch): Promise<DemoUser[]> {
  const response = await fetchImpl('/api/dev/users', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The demo users could not be listed (${response.status}).`);
  return ((await response.json()) as { users: DemoUser[] }).users;
}

export async function createBrowserHost(options: BrowserHostOptions): Promise<HostAdapter> {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const readNowMs = options.readNowMs ?? Date.now;
  const mint = async (): Promise<DevToken> => {
    const response = await fetchImpl('/api/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ userId: options.userId }),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as {
        error?: { message?: string };
      } | null;
      throw new Error(body?.error?.message ?? `Demo sign-in failed (${response.status}).`);
    }
    return (await response.json()) as DevToken;
  };
  let devToken = await mint();
  const forcedTheme = options.theme;
  return {
    kind: 'browser',
    frameContext: 'browser',
    locale: navigator.language || 'en',
    circleHost: 'teams',
    meetingKey: options.meeting,
    meetingId: options.meeting,
    meetingTitle: null,
    identity: { personId: devToken.caller.userId, displayName: devToken.caller.displayName },
    async getAuthHeaders(refresh) {
      if (refresh || devToken.expiresAtMs - readNowMs() < 60_000) devToken = await mint();
      return { authorization: `Bearer ${devToken.token}` };
    },
    readTheme: () => forcedTheme ?? readSystemTheme(),
    onThemeChange: (listener) =>
      forcedTheme === null ? onSystemThemeChange(listener) : () => undefined,
    canShareToStage: false,
    shareToStage: () => Promise.reject(new Error('Sharing to the stage needs a Teams meeting.')),
    configuration: null,
    startSpeakingSignals: () => () => undefined,
  };
}
