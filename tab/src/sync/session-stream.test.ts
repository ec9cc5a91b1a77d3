import { describe, expect, it } from 'vitest';
import {
  openSessionStream,
  parseMessage,
  type StreamMessage,
  type StreamState,
} from './session-stream.js';

const encoder = new TextEncoder();
const event = (version: number, serverTimeMs = 1_000) =>
  `id: ${version}\ndata: ${JSON.stringify({ version, serverTimeMs, session: { id: 's', version } })}\n\n`;

/** A stand-in for the api's stream route: each call answers from the script, in order. */
function scriptedFetch(script: ((headers: Record<string, string>) => Response)[]) {
  const requests: Record<string, string>[] = [];
  const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const headers = { ...(init?.headers as Record<string, string>) };
    requests.push(headers);
    const answer = script.shift();
    if (answer === undefined) return new Promise<Response>(() => undefined);
    return answer(headers);
  }) as typeof fetch;
  return { fetchImpl, requests };
}

function streamOf(chunks: string[], keepOpen = false) {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        if (!keepOpen) controller.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/event-stream' } },
  );
}

function waitFor(predicate: () => boolean, timeoutMs = 2_000) {
  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('openSessionStream', () => {
  it('reconnects after a drop with Last-Event-ID and the auth header, and goes live again', async () => {
    const { fetchImpl, requests } = scriptedFetch([
      () => streamOf(['retry: 10\n\n', event(3), event(4)]),
      () => streamOf([event(5)], true),
    ]);
    const messages: StreamMessage[] = [];
    const states: StreamState[] = [];
    const stream = openSessionStream({
      url: '/api/circles/c/sessions/s/stream',
      getHeaders: async () => ({ authorization: 'Bearer t' }),
      onMessage: (message) => messages.push(message),
      onState: (state) => states.push(state),
      onFatal: () => undefined,
      fetch: fetchImpl,
      isOnline: () => true,
    });
    await waitFor(() => messages.length === 3);
    stream.close();
    expect(messages.map((m) => m.version)).toEqual([3, 4, 5]);
    expect(requests[0]?.['last-event-id']).toBeUndefined();
    expect(requests[1]?.['last-event-id']).toBe('4');
    expect(requests.every((headers) => headers['authorization'] === 'Bearer t')).toBe(true);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('asks for a fresh credential after a 401, and stops on a 404', async () => {
    const refreshes: boolean[] = [];
    const { fetchImpl } = scriptedFetch([
      () => new Response('{"error":{"message":"expired"}}', { status: 401 }),
      () => new Response('{"error":{"message":"No session with that id."}}', { status: 404 }),
    ]);
    const fatal: { status: number; message: string }[] = [];
    openSessionStream({
      url: '/x',
      getHeaders: async (refresh) => {
        refreshes.push(refresh);
        return {};
      },
      onMessage: () => undefined,
      onState: () => undefined,
      onFatal: (error) => fatal.push(error),
      fetch: fetchImpl,
      retryMs: 5,
      isOnline: () => true,
    });
    await waitFor(() => fatal.length === 1);
    expect(refreshes).toEqual([false, true]);
    expect(fatal).toEqual([{ status: 404, message: 'No session with that id.' }]);
  });

  it('replaces a connection that has gone silent', async () => {
    const { fetchImpl, requests } = scriptedFetch([
      () => streamOf([event(1)], true),
      () => streamOf([event(2)], true),
    ]);
    const versions: number[] = [];
    const stream = openSessionStream({
      url: '/x',
      getHeaders: async () => ({}),
      onMessage: (message) => versions.push(message.version),
      onState: () => undefined,
      onFatal: () => undefined,
      fetch: fetchImpl,
      retryMs: 5,
      idleTimeoutMs: 50,
      isOnline: () => true,
    });
    await waitFor(() => versions.length === 2);
    stream.close();
    expect(requests[1]?.['last-event-id']).toBe('1');
  });

  it('says offline while the browser is offline', async () => {
    const { fetchImpl } = scriptedFetch([
      () => {
        throw new TypeError('Failed to fetch');
      },
    ]);
    const states: StreamState[] = [];
    const stream = openSessionStream({
      url: '/x',
      getHeaders: async () => ({}),
      onMessage: () => undefined,
      onState: (state) => states.push(state),
      onFatal: () => undefined,
      fetch: fetchImpl,
      retryMs: 10_000,
      isOnline: () => false,
    });
    await waitFor(() => states.includes('offline'));
    stream.close();
  });
});

describe('parseMessage', () => {
  it('reads a message and refuses anything else', () => {
    expect(parseMessage('{"version":2,"serverTimeMs":5,"session":{"id":"s"}}')?.version).toBe(2);
    expect(parseMessage('{"version":"2","serverTimeMs":5,"session":{}}')).toBeNull();
    expect(parseMessage('[]')).toBeNull();
  });
});
