// One panel's session stream for the benches, read with fetch as the tab reads it (the auth header
// goes along; no token in the URL). Many hundreds run in one process, so it parses only each
// event's id (the session's version) and notes when it arrived; a panel that acts on what it
// receives (the load bench's observer, which sends its marks at a stage change) also gets each
// event's data.
import { performance } from 'node:perf_hooks';

export interface SessionStream {
  /** The first event (the session as it is) has arrived. */
  readonly opened: Promise<void>;
  /** When the first event carrying `version` or a later one arrived (performance.now()); null if none did. */
  findArrivalMs(version: number): number | null;
  /** When the event carrying exactly `version` arrived; null if it did not (it was lost). */
  readArrivalMs(version: number): number | null;
  /** Set when the stream failed or ended before close(). */
  failure(): Error | null;
  close(): void;
}

export interface SessionStreamOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Called with each event's data (JSON text), for panels that act on the session. */
  readonly onData?: (data: string) => void;
}

export function openSessionStream(options: SessionStreamOptions): SessionStream {
  const abort = new AbortController();
  // Versions only grow on one stream, so these stay sorted and a search finds the first ≥ v.
  const versions: number[] = [];
  const arrivalsMs: number[] = [];
  let failure: Error | null = null;
  let markOpened: () => void = () => undefined;
  let failOpening: (error: Error) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    markOpened = resolve;
    failOpening = reject;
  });
  opened.catch(() => undefined);

  const readEvent = (block: string) => {
    let id: number | null = null;
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) id = Number(line.slice(4));
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (id === null || !Number.isInteger(id)) return;
    versions.push(id);
    arrivalsMs.push(performance.now());
    markOpened();
    options.onData?.(data);
  };

  const readEvents = async () => {
    const response = await fetch(options.url, {
      headers: { ...options.headers, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!response.ok || response.body === null) {
      throw new Error(`the stream answered ${response.status}: ${await response.text()}`);
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        readEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
    throw new Error('the server ended the stream');
  };
  readEvents().catch((error: unknown) => {
    if (abort.signal.aborted) return;
    failure = error instanceof Error ? error : new Error(String(error));
    failOpening(failure);
  });

  /** Where the first version ≥ `version` is, or versions.length. */
  const findIndex = (version: number): number => {
    let low = 0;
    let high = versions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((versions[middle] ?? Infinity) < version) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  return {
    opened,
    findArrivalMs: (version) => arrivalsMs[findIndex(version)] ?? null,
    readArrivalMs(version) {
      const index = findIndex(version);
      return versions[index] === version ? (arrivalsMs[index] ?? null) : null;
    },
    failure: () => failure,
    close() {
      abort.abort();
    },
  };
}
