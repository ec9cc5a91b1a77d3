import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from './support/api-harness.js';

// What people say in a session (the shared note, the transcript, the text of marks' bodies) and
// their credentials never reach the logs, at any level, for requests that succeed or fail.

const NOTE_TEXT = 'Priya is worried about her manager finding out';
const TRANSCRIPT_TEXT = 'I have never told anyone about the reorganisation';
const BAD_BODY_TEXT = 'confidential-reason-in-a-broken-body';

const lines: string[] = [];
let harness: Harness;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ harness, close } = await openHarness('SQLite', undefined, {
    write: (line) => lines.push(line),
  }));
});
afterAll(async () => close());

describe('logs', () => {
  it('carry no note text, transcript text or tokens', async () => {
    const circle = await harness.createCircle(['demo-ana', 'demo-ben', 'demo-cai']);
    const session = await harness.startSession(circle, ['demo-ana', 'demo-ben', 'demo-cai']);

    const note = await harness.request('demo-ana', 'PUT', `${session.url}/note`, {
      text: NOTE_TEXT,
      version: 0,
    });
    expect(note.statusCode).toBe(200);
    const transcript = await harness.request(
      'demo-ana',
      'POST',
      `${session.url}/transcript`,
      `WEBVTT\n\n00:00.000 --> 00:04.000\n<v Ana>${TRANSCRIPT_TEXT}\n`,
      { 'content-type': 'text/vtt' },
    );
    expect(transcript.statusCode).toBe(200);
    const broken = await harness.request('demo-ana', 'POST', `${session.url}/marks`, {
      batchId: 'b1',
      marks: [{ id: 'm1', kind: 'speech', atMs: 'soon', note: BAD_BODY_TEXT }],
    });
    expect(broken.statusCode).toBe(400);
    const stale = await harness.request('demo-ana', 'PUT', `${session.url}/note`, {
      text: `${NOTE_TEXT} (again)`,
      version: 0,
    });
    expect(stale.statusCode).toBe(409);

    const logged = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(logged).toContain(session.url.split('/').at(-1)); // the log is really being read
    const token = await harness.tokenFor('demo-ana');
    for (const secret of [
      NOTE_TEXT,
      TRANSCRIPT_TEXT,
      BAD_BODY_TEXT,
      token,
      token.split('.')[2] ?? token,
    ]) {
      expect(logged).not.toContain(secret);
    }
  });
});
