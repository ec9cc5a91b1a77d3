import type { SessionView } from '../app/panel-model.js';
import { createSseParser } from './sse-parser.js';

// Follows a session over the api's Server-Sent Events, read with fetch so that the auth header
// goes along (never a token in a URL). Reconnects with `Last-Event-ID` after any drop: the stream
// carries whole states, so the one sent on reconnect is all that is needed. A connection that has
// been silent for longer than three heartbeats is taken as dead (a network that vanished without a
// reset) and replaced.

export interface StreamMessage {
  readonly version: number;
  readonly serverTimeMs: number;
  readonly session: SessionView;
}

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface SessionStreamOptions {
  readonly url: string;
  /** Auth headers; `refresh` asks for a fresh credential after a 401. */
  getHeaders(refresh: boolean): Promise<Record<string, string>>;
  onMessage(message: StreamMessage): void;
  onState(state: StreamState): void;
  /** The stream cannot go on (404: the session is gone, 403): it stops trying. */
  onFatal(error: { status: number; message: string }): void;
  fetch?: typeof fetch;
  /** The version already shown, so the first message is only sent if it is newer. */
  lastEventId?: string | null;
  /** Wait before the first retry; the server's `retry:` replaces it. */
  retryMs?: number;
  maxRetryMs?: number;
  /** No byte for this long means the connection is dead (the server sends a comment every 15 s). */
  idleTimeoutMs?: number;
  /** Environment hooks, replaceable in tests. */
  isOnline?: () => boolean;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface SessionStream {
  close(): void;
  /** Reconnect at once (the browser came back online). */
  reconnectNow(): void;
  readonly lastEventId: string | null;
}

export function openSessionStream(options: SessionStreamOptions): SessionStream {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const isOnline = options.isOnline ?? (() => navigator.onLine);
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const maxRetryMs = options.maxRetryMs ?? 15_000;
  let baseRetryMs = options.retryMs ?? 1_000;
  let lastEventId = options.lastEventId ?? null;
  let failures = 0;
  let isClosed = false;
  let hasBeenLive = false;
  let controller: AbortController | null = null;
  let retryTimer: unknown = null;
  let idleTimer: unknown = null;
  let refreshAuth = false;
  let isImmediate = false;

  const setState = (state: StreamState) => {
    if (!isClosed) options.onState(state);
  };

  const armIdleTimer = () => {
    if (idleTimer !== null) clearTimer(idleTimer);
    idleTimer = setTimer(() => controller?.abort(new Error('idle')), idleTimeoutMs);
  };

  const scheduleRetry = () => {
    if (isClosed) return;
    failures += 1;
    setState(isOnline() ? (hasBeenLive ? 'reconnecting' : 'connecting') : 'offline');
    const backoff = Math.min(maxRetryMs, baseRetryMs * 2 ** Math.min(failures - 1, 5));
    // Jitter, so that panels that lost the server together do not return in one burst.
    const delay = isImmediate ? 0 : backoff * (0.75 + Math.random() * 0.5);
    isImmediate = false;
    retryTimer = setTimer(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  async function connect(): Promise<void> {
    if (isClosed) return;
    controller = new AbortController();
    const signal = controller.signal;
    try {
      const headers: Record<string, string> = {
        ...(await options.getHeaders(refreshAuth)),
        accept: 'text/event-stream',
      };
      refreshAuth = false;
      if (lastEventId !== null) headers['last-event-id'] = lastEventId;
      armIdleTimer();
      const response = await fetchImpl(options.url, { headers, signal, cache: 'no-store' });
      if (!response.ok || response.body === null) {
        const message = await readErrorMessage(response);
        if (response.status === 401) refreshAuth = true;
        else if ([400, 403, 404, 410].includes(response.status)) {
          isClosed = true;
          clearTimers();
          options.onFatal({ status: response.status, message });
          return;
        }
        throw new Error(message);
      }
      await readEvents(response.body, signal);
      // The server ended the stream (a restart, a deploy): come back.
    } catch (error) {
      if (isClosed) return;
      if (!(error instanceof Error)) throw error;
    } finally {
      if (idleTimer !== null) clearTimer(idleTimer);
      idleTimer = null;
    }
    scheduleRetry();
  }

  async function readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal) {
    const parser = createSseParser(
      {
        onEvent(event) {
          if (event.type !== 'message') return;
          const message = parseMessage(event.data);
          if (message === null) return;
          lastEventId = event.lastEventId;
          options.onMessage(message);
        },
        onRetry(retryMs) {
          baseRetryMs = Math.max(250, retryMs);
        },
      },
      lastEventId,
    );
    const decoder = new TextDecoder();
    const reader = body.getReader();
    const stop = () => void reader.cancel().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        armIdleTimer();
        if (!hasBeenLive || failures > 0) {
          hasBeenLive = true;
          failures = 0;
          setState('live');
        }
        parser.push(decoder.decode(value, { stream: true }));
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  function clearTimers() {
    if (retryTimer !== null) clearTimer(retryTimer);
    if (idleTimer !== null) clearTimer(idleTimer);
    retryTimer = null;
    idleTimer = null;
  }

  setState('connecting');
  void connect();

  return {
    close() {
      isClosed = true;
      clearTimers();
      controller?.abort(new Error('closed'));
    },
    reconnectNow() {
      if (isClosed) return;
      if (retryTimer !== null) {
        clearTimer(retryTimer);
        retryTimer = null;
        failures = 0;
        void connect();
        return;
      }
      // A live connection may be a dead one the browser has not noticed: replace it.
      isImmediate = true;
      failures = 0;
      controller?.abort(new Error('reconnect'));
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}

export function parseMessage(data: string): StreamMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    console.warn('A stream message was not JSON; it was skipped.', error);
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { version, serverTimeMs, session } = value as Record<string, unknown>;
  if (typeof version !== 'number' || typeof serverTimeMs !== 'number') return null;
  if (typeof session !== 'object' || session === null) return null;
  return { version, serverTimeMs, session: session as SessionView };
}

async function readErrorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The live stream answered ${response.status}.`;
  } catch {
    return `The live stream answered ${response.status}.`;
  }
}
