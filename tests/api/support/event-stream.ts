// Reads Server-Sent Events with fetch, as the tab does (the auth header goes along; no token in
// the URL), and hands them out one at a time.

export interface ServerSentEvent {
  readonly id: string | null;
  readonly data: string;
}

export interface EventStreamReader {
  readonly status: number;
  readonly headers: Headers;
  /** The next event, or a rejection after `timeoutMs`. Comments (heartbeats) are skipped. */
  next(timeoutMs?: number): Promise<ServerSentEvent>;
  close(): void;
}

export async function openEventStream(
  url: string,
  headers: Record<string, string>,
): Promise<EventStreamReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: ServerSentEvent[] = [];
  const waiting: ((event: ServerSentEvent) => void)[] = [];
  let buffer = '';

  const deliver = (event: ServerSentEvent) => {
    const waiter = waiting.shift();
    if (waiter) waiter(event);
    else events.push(event);
  };

  const pump = async () => {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event !== null) deliver(event);
        end = buffer.indexOf('\n\n');
      }
    }
  };
  pump().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });

  return {
    status: response.status,
    headers: response.headers,
    next(timeoutMs = 2_000) {
      const queued = events.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiting.indexOf(onEvent);
          if (index !== -1) waiting.splice(index, 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const onEvent = (event: ServerSentEvent) => {
          clearTimeout(timer);
          resolve(event);
        };
        waiting.push(onEvent);
      });
    },
    close() {
      abort.abort();
    },
  };
}

function parseBlock(block: string): ServerSentEvent | null {
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  return data.length === 0 ? null : { id, data: data.join('\n') };
}
