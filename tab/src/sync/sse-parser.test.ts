import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse-parser.js';

function parseAll(chunks: readonly string[], lastEventId: string | null = null) {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser(
    { onEvent: (event) => events.push(event), onRetry: (ms) => retries.push(ms) },
    lastEventId,
  );
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries, lastEventId: parser.lastEventId };
}

// What the api sends (api/src/live/stream-route.ts): a retry, events with id = version, comments.
const API_STREAM =
  'retry: 2000\n\n' +
  'id: 3\ndata: {"version":3,"serverTimeMs":1000,"session":{"id":"s"}}\n\n' +
  ': heartbeat\n\n' +
  'id: 4\ndata: {"version":4,"serverTimeMs":2000,"session":{"id":"s"}}\n\n';

describe('createSseParser', () => {
  it('reads the api stream: events with their ids, the retry, comments skipped', () => {
    const { events, retries, lastEventId } = parseAll([API_STREAM]);
    expect(events.map((e) => [e.type, e.lastEventId, JSON.parse(e.data).version])).toEqual([
      ['message', '3', 3],
      ['message', '4', 4],
    ]);
    expect(retries).toEqual([2000]);
    expect(lastEventId).toBe('4');
  });

  it('gives the same events however the text is cut into chunks', () => {
    const whole = parseAll([API_STREAM]).events;
    for (let size = 1; size <= 7; size += 1) {
      const chunks = API_STREAM.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      expect(parseAll(chunks).events).toEqual(whole);
    }
  });

  it('accepts \\r\\n and \\r line ends, even with \\r\\n split across chunks', () => {
    const crlf = 'id: 7\r\ndata: a\r\n\r\n';
    expect(parseAll(['id: 7\r', '\ndata: a\r', '\n\r', '\n']).events).toEqual(
      parseAll([crlf]).events,
    );
    // A final \r may be half of \r\n: the event is complete once the next text shows it is not.
    expect(parseAll(['data: b\r\r']).events).toEqual([]);
    expect(parseAll(['data: b\r\r', ': next']).events.map((e) => e.data)).toEqual(['b']);
  });

  it('joins data lines, strips one leading space, and names the event type', () => {
    const { events } = parseAll(['event: note\ndata:  two spaces\ndata:x\n\n']);
    expect(events).toEqual([{ type: 'note', data: ' two spaces\nx', lastEventId: null }]);
  });

  it('dispatches nothing for a block without data, and keeps an unfinished event waiting', () => {
    const { events, lastEventId } = parseAll(['id: 9\n\n', 'data: half']);
    expect(events).toEqual([]);
    expect(lastEventId).toBe('9');
  });

  it('starts from the Last-Event-ID it is given, and skips a byte order mark', () => {
    const { events } = parseAll(['\uFEFFdata: x\n\n'], '12');
    expect(events).toEqual([{ type: 'message', data: 'x', lastEventId: '12' }]);
  });

  it('ignores a retry that is not a number and ids with NUL', () => {
    const { retries, lastEventId } = parseAll(['retry: soon\nid: a\0b\ndata: x\n\n']);
    expect(retries).toEqual([]);
    expect(lastEventId).toBeNull();
  });
});
