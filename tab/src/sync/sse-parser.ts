// An incremental Server-Sent Events parser (the WHATWG "event stream interpretation"): text goes
// in as it arrives, in chunks cut anywhere, and whole events come out. The panel reads the stream
// with fetch rather than EventSource so that its auth header goes along, so it parses it itself.

export interface SseEvent {
  /** The `event:` field; `message` when none was sent. */
  readonly type: string;
  readonly data: string;
  /** The last `id:` seen on the stream so far (ids persist across events), or null. */
  readonly lastEventId: string | null;
}

export interface SseParser {
  /** Feeds the next piece of text. Calls the handlers for every event it completes. */
  push(chunk: string): void;
  /** The last event id seen, to send back as `Last-Event-ID` on reconnect. */
  readonly lastEventId: string | null;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  /** The server's `retry:` field: how long to wait before reconnecting, in ms. */
  onRetry?(retryMs: number): void;
}

export function createSseParser(
  handlers: SseHandlers,
  lastEventId: string | null = null,
): SseParser {
  let buffer = '';
  let isFirstChunk = true;
  let data: string[] = [];
  let type = '';
  let eventId = lastEventId;

  const dispatch = (): void => {
    if (data.length === 0) {
      type = '';
      return;
    }
    handlers.onEvent({
      type: type === '' ? 'message' : type,
      data: data.join('\n'),
      lastEventId: eventId,
    });
    data = [];
    type = '';
  };

  const readLine = (line: string): void => {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        break;
      case 'event':
        type = value;
        break;
      case 'id':
        if (!value.includes('\0')) eventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        // Unknown fields are ignored, as the spec says.
        break;
    }
  };

  return {
    push(chunk: string): void {
      if (isFirstChunk && chunk !== '') {
        isFirstChunk = false;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      buffer += chunk;
      // A line ends at \r\n, \n or \r. A \r at the very end may be the first half of \r\n, so it
      // waits for the next chunk.
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        if (char === '\r' && i === buffer.length - 1) break;
        readLine(buffer.slice(start, i));
        if (char === '\r' && buffer[i + 1] === '\n') i += 1;
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    get lastEventId() {
      return eventId;
    },
  };
}
