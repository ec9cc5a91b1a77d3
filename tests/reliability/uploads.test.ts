// Issue 8, uploads: the transcript limits (size and cue count) over real HTTP, including an
// upload that never says how big it is (chunked), each refused with a status, a code and a
// message a person can act on, and none of them leaving anything behind in the store. Limits
// themselves live in api/src/sessions/transcript.ts; tests/api/transcript.test.ts covers the
// declared-size and unreadable cases through inject.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_TRANSCRIPT_BYTES, MAX_TRANSCRIPT_CUES } from '../../api/src/sessions/transcript.js';
import type { DocumentStore } from '../../api/src/store/port.js';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import {
  expectOk,
  openTrioSession,
  startLiveApp,
  type LiveApp,
  type TrioSession,
} from './support/live-app.js';

interface Refusal {
  readonly status: number;
  readonly body: { readonly error: { readonly code: string; readonly message: string } };
}

let store: DocumentStore;
let live: LiveApp;
let session: TrioSession;

beforeAll(async () => {
  store = createSqliteDocumentStore({ path: ':memory:', retentionDays: 30, purgeIntervalMs: 0 });
  live = await startLiveApp(store);
  session = await openTrioSession(live);
});
afterAll(async () => {
  await live?.close();
});

/** Sends `chunks` one by one with no Content-Length (chunked), as a streaming client does. */
async function uploadChunked(chunks: Iterable<string>): Promise<Refusal> {
  const token = await live.tokenFor(session.coach);
  const { hostname, port } = new URL(live.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: hostname,
        port,
        method: 'POST',
        path: `${session.url}/transcript`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/vtt' },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
        );
      },
    );
    // The server may answer and stop reading before the client is done writing.
    request.on('error', reject);
    const write = async () => {
      for (const chunk of chunks) {
        if (request.destroyed) return;
        if (!request.write(chunk)) await new Promise((resolve) => request.once('drain', resolve));
      }
      request.end();
    };
    write().catch(reject);
  });
}

async function readSessionState(): Promise<{ version: number; hasTranscript: boolean }> {
  const answer = await live.request<{ session: { version: number; transcript: unknown } }>(
    session.coach,
    'GET',
    session.url,
  );
  expectOk(answer, 'read the session');
  const stored = await store.read('circles', session.circleId, `transcript:${session.sessionId}`);
  return {
    version: answer.body.session.version,
    hasTranscript: answer.body.session.transcript != null || stored !== null,
  };
}

it('refuses a transcript past the size limit sent without a length, with 413 and what to do', async () => {
  const before = await readSessionState();
  const chunk = `00:00.000 --> 00:01.000\n<v Ana>${'words '.repeat(1_000)}\n\n`;
  const chunkCount = Math.ceil(MAX_TRANSCRIPT_BYTES / chunk.length) + 20;
  const refusal = await uploadChunked(
    (function* () {
      yield 'WEBVTT\n\n';
      for (let n = 0; n < chunkCount; n += 1) yield chunk;
    })(),
  );
  expect(refusal.status).toBe(413);
  expect(refusal.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  expect(refusal.body.error.message).toMatch(/at most 5 MB.*one meeting/i);
  expect(await readSessionState()).toEqual(before);
});

it('refuses a transcript with more cues than one session has, with 422 naming the count', async () => {
  const before = await readSessionState();
  const cue = '00:00.000 --> 00:00.500\nhi\n\n';
  const refusal = await uploadChunked(
    (function* () {
      yield 'WEBVTT\n\n';
      for (let n = 0; n <= MAX_TRANSCRIPT_CUES; n += 1) yield cue;
    })(),
  );
  expect(MAX_TRANSCRIPT_CUES * cue.length).toBeLessThan(MAX_TRANSCRIPT_BYTES);
  expect(refusal.status).toBe(422);
  expect(refusal.body.error.code).toBe('UNPROCESSABLE');
  expect(refusal.body.error.message).toContain(`${MAX_TRANSCRIPT_CUES + 1} cues`);
  expect(refusal.body.error.message).toContain(`at most ${MAX_TRANSCRIPT_CUES}`);
  expect(await readSessionState()).toEqual(before);
});

it('reads a transcript and a glossary whose words are names of object properties', async () => {
  // "constructor" once crashed the language tagger (a 500 the API fuzz found).
  const patched = await live.request(session.coach, 'PATCH', `/api/circles/${session.circleId}`, {
    glossary: [{ term: 'constructor', plain: 'the person who builds it' }],
  });
  expectOk(patched, 'set the glossary');
  const vtt = [
    'WEBVTT',
    '',
    '00:00.000 --> 00:04.000',
    '<v Ana>Why did the constructor call toString and __proto__?',
    '',
    '00:04.500 --> 00:09.000',
    '<v Ben>constructor hasOwnProperty valueOf prototype',
    '',
  ].join('\n');
  const response = await fetch(`${live.baseUrl}${session.url}/transcript`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await live.tokenFor(session.coach)}`,
      'content-type': 'text/vtt',
    },
    body: vtt,
  });
  expect(response.status, await response.clone().text()).toBe(200);
});
