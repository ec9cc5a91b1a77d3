// A lean Server-Sent Events reader over fetch, as the tab reads the session stream (the auth
// header goes along; no token in the URL). Many hundreds run in one process, so it parses only
// each event's id, the session's version, and notes when it arrived.
import { performance } from 'node:perf_hooks';

export interface EventStream {
  /** performance.now() when each version's event arrived. */
  readonly arrivalsMs: ReadonlyMap<number, number>;
  /** The first event (the session as it is) has arrived: the stream is subscribed. */
  readonly opened: Promise<void>;
  /** Set when the stream failed or ended before close() was called. */
  readonly failure: () => Error | null;
  close(): void;
}

export function openEventStream(url: string, headers: Record<string, string>): EventStream {
  const abort = new AbortController();
  const arrivalsMs = new Map<number, number>();
  let failure: Error | null = null;
  let markOpened: () => void = () => undefined;
  let failOpening: (error: Error) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    markOpened = resolve;
    failOpening = reject;
  });

  const readEvents = async () => {
    const response = await fetch(url, { headers, signal: abort.signal });
    if (!response.ok || response.body === null) {
      throw new Error(`the stream answered ${response.status}: ${await response.text()}`);
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const version = readEventId(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (version !== null) {
          arrivalsMs.set(version, performance.now());
          markOpened();
        }
        end = buffer.indexOf('\n\n');
      }
    }
    throw new Error('the server ended the stream');
  };
  // A failure is also kept for failure(), so a caller that never awaits `opened` still sees it,
  // and an early one does not surface as an unhandled rejection that skips the caller's cleanup.
  opened.catch(() => undefined);
  readEvents().catch((error: unknown) => {
    // Closed on purpose: the abort ends the read, which is no failure.
    if (abort.signal.aborted) return;
    failure = error instanceof Error ? error : new Error(String(error));
    failOpening(failure);
  });

  return {
    arrivalsMs,
    opened,
    failure: () => failure,
    close: () => abort.abort(),
  };
}

function readEventId(block: string): number | null {
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) return Number(line.slice(4));
  }
  return null;
}
