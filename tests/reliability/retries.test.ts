// Issue 8, retries: the same session played twice on two fresh servers, once by a client that
// talks straight to the server and never needs to retry, once by a client behind a loopback
// proxy that drops requests, drops answers after the server acted, and delivers answers after the
// client gave up; that client retries every request up to three times with the same body and
// ids, as the panel's queue does. Both end with exactly the same stored state, and every step
// got the same answer in the end.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatPersonKey } from '../../api/src/auth/caller.js';
import { DEMO_TENANT_ID } from '../../api/src/auth/dev-tokens.js';
import { formatMeetingLookupKey } from '../../api/src/circles/circle-store.js';
import type { ContainerName } from '../../api/src/store/containers.js';
import type { DocumentStore } from '../../api/src/store/port.js';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import { startFlakyProxy, type FlakyProxy } from './support/flaky-proxy.js';
import { startLiveApp, TRIO, type LiveApp } from './support/live-app.js';

const SEED = Number(process.env['RETRIES_SEED'] ?? 8_808);
const MAX_RETRIES = 3;
/** How long the retrying client waits for an answer before it tries again. */
const ATTEMPT_TIMEOUT_MS = 400;
const MEETING_KEY = '19:meeting_retries-test@thread.v2';
const MEETING_ID = 'meeting-retries-test';

interface Context {
  circleId: string;
  sessionId: string;
  version: number;
  roles: Record<string, string>;
}

interface Step {
  readonly as: string | ((context: Context) => string);
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: (context: Context) => string;
  readonly body?: (context: Context) => unknown;
  readonly contentType?: string;
  /** Reads what later steps need from the answer. */
  readonly remember?: (context: Context, body: unknown) => void;
}

const session = (context: Context) =>
  `/api/circles/${context.circleId}/sessions/${context.sessionId}`;
const role = (name: string) => (context: Context) => {
  const userId = context.roles[name];
  if (userId === undefined) throw new Error(`nobody is ${name}`);
  return userId;
};
const command = (commandId: string, offset: number, fields: Record<string, unknown>): Step => ({
  as: role(fields['type'] === 'pause' ? 'coachee' : 'coach'),
  method: 'POST',
  path: (c) => `${session(c)}/commands`,
  body: (c) => ({ commandId, expectedVersion: c.version + offset, command: fields }),
});
const marks = (batchId: string, at: number, extra: object[] = []): Step => ({
  as: role('observer'),
  method: 'POST',
  path: (c) => `${session(c)}/marks`,
  body: (c) => ({
    batchId,
    marks: [
      {
        kind: 'speech',
        id: `${batchId}-1`,
        atMs: at,
        source: 'observer',
        speaker: c.roles['coach'],
      },
      {
        kind: 'speech',
        id: `${batchId}-2`,
        atMs: at + 4_000,
        source: 'observer',
        speaker: c.roles['coachee'],
      },
      {
        kind: 'tag',
        id: `${batchId}-3`,
        atMs: at + 4_500,
        tag: 'open-question',
        speaker: c.roles['coach'],
      },
      ...extra,
    ],
  }),
});

const T0 = Date.parse('2026-03-03T09:00:00Z');
// Two cues, Ana then Ben: a transcript small enough to upload on every call.
const TRANSCRIPT = readFileSync(
  new URL('../fixtures/transcripts/short-exchange.vtt', import.meta.url),
  'utf8',
);

/** A whole session as three panels play it, one request at a time. */
const SCRIPT: readonly Step[] = [
  {
    as: 'demo-ana',
    method: 'POST',
    path: () => '/api/circles',
    body: () => ({
      host: 'teams',
      meetingKey: MEETING_KEY,
      name: 'Retrying trio',
      frameworkId: 'weekly-micro-session',
      timeZone: 'Europe/Berlin',
    }),
    remember: (c, body) => {
      c.circleId = (body as { circle: { id: string } }).circle.id;
    },
  },
  ...TRIO.slice(1).map((userId): Step => ({
    as: userId,
    method: 'GET',
    path: () => `/api/circles/by-meeting/teams/${encodeURIComponent(MEETING_KEY)}`,
  })),
  ...TRIO.map((userId): Step => ({
    as: userId,
    method: 'POST',
    path: (c) => `/api/circles/${c.circleId}/sessions`,
    body: () => ({ meetingId: MEETING_ID }),
    remember: (c, body) => {
      const { id, version, state } = (
        body as {
          session: {
            id: string;
            version: number;
            state: { participants: Record<string, { role: string }> };
          };
        }
      ).session;
      c.sessionId = id;
      c.version = version;
      c.roles = Object.fromEntries(
        Object.entries(state.participants).map(([participant, p]) => [p.role, participant]),
      );
    },
  })),
  command('start', 0, { type: 'start' }),
  marks('batch-1', T0),
  command('next-1', 1, { type: 'next' }),
  marks('batch-2', T0 + 60_000),
  command('pause-1', 2, { type: 'pause' }),
  command('resume-1', 3, { type: 'resume' }),
  marks('batch-3', T0 + 120_000, [
    { kind: 'undo', id: 'undo-1', atMs: T0 + 121_000, targetId: 'batch-2-3' },
  ]),
  command('extend-1', 4, { type: 'extend', byMs: 60_000 }),
  {
    as: 'demo-ana',
    method: 'POST',
    path: (c) => `${session(c)}/commitments`,
    body: () => ({
      id: 'commitment-1',
      text: 'Ask one open question first',
      dueDate: '2026-03-10',
    }),
  },
  {
    as: 'demo-ana',
    method: 'PATCH',
    path: (c) => `${session(c)}/commitments/commitment-1`,
    body: () => ({ status: 'done', evidence: 'Did it on Tuesday' }),
  },
  {
    as: 'demo-ben',
    method: 'POST',
    path: (c) => `${session(c)}/experiments`,
    body: () => ({ id: 'experiment-1', text: 'Wait three seconds before answering' }),
  },
  {
    as: 'demo-cai',
    method: 'POST',
    path: (c) => `${session(c)}/appreciations`,
    body: () => ({ id: 'appreciation-1', to: 'demo-ana', text: 'Thank you for the room' }),
  },
  {
    as: 'demo-ana',
    method: 'PUT',
    path: (c) => `${session(c)}/note`,
    body: () => ({ text: 'We agreed to try silence.', version: 0 }),
  },
  {
    as: 'demo-ben',
    method: 'PUT',
    path: (c) => `${session(c)}/note`,
    body: () => ({ text: 'We agreed to try silence, and to check in Friday.', version: 1 }),
  },
  {
    as: 'demo-ana',
    method: 'PUT',
    path: () => '/api/me/preferences',
    body: () => ({
      displayName: 'Ana',
      timeZone: 'Europe/Lisbon',
      pronouns: 'she/her',
      optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: true },
      consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
    }),
  },
  {
    as: 'demo-ana',
    method: 'POST',
    path: () => '/api/me/reflections',
    body: (c) => ({
      id: 'reflection-1',
      circleId: c.circleId,
      sessionId: c.sessionId,
      moment: 'after',
      text: 'I listened longer',
    }),
  },
  {
    as: 'demo-ben',
    method: 'POST',
    path: (c) => `/api/circles/${c.circleId}/feedback`,
    body: () => ({ id: 'feedback-1', to: 'demo-ana', text: 'You gave me room to think' }),
  },
  {
    as: 'demo-cai',
    method: 'PATCH',
    path: (c) => `/api/circles/${c.circleId}/members/me`,
    body: () => ({ pronouns: 'they/them' }),
  },
  {
    as: role('coach'),
    method: 'POST',
    path: (c) => `${session(c)}/end`,
    body: () => ({ commandId: 'end-1' }),
  },
];

interface Played {
  readonly statuses: readonly string[];
  readonly attempts: number;
  readonly state: Readonly<Record<string, unknown>>;
}

/** Plays the script; `retries` is how often a request may be sent again after no answer. */
async function play(
  live: LiveApp,
  store: DocumentStore,
  baseUrl: string,
  retries: number,
): Promise<Played> {
  const context: Context = { circleId: '', sessionId: '', version: 0, roles: {} };
  const statuses: string[] = [];
  let attempts = 0;
  for (const step of SCRIPT) {
    const as = typeof step.as === 'string' ? step.as : step.as(context);
    const path = step.path(context);
    const body = step.body?.(context);
    const headers: Record<string, string> = {
      authorization: `Bearer ${await live.tokenFor(as)}`,
      ...(body === undefined ? {} : { 'content-type': step.contentType ?? 'application/json' }),
    };
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    let answer: { status: number; text: string } | null = null;
    for (let attempt = 0; attempt <= retries && answer === null; attempt += 1) {
      attempts += 1;
      const isLast = attempt === retries;
      try {
        const response = await fetch(`${baseUrl}${path}`, {
          method: step.method,
          headers,
          ...(payload === undefined ? {} : { body: payload }),
          signal: AbortSignal.timeout(isLast ? 15_000 : ATTEMPT_TIMEOUT_MS),
        });
        answer = { status: response.status, text: await response.text() };
      } catch (error) {
        // No answer in time, or the connection dropped: send the very same request again.
        if (isLast) throw error;
      }
    }
    if (answer === null) throw new Error(`${step.method} ${path}: no answer`);
    // A create sent again answers 200 (already there) where the first answered 201 (created).
    const outcome = answer.status < 300 ? 'ok' : String(answer.status);
    statuses.push(`${step.method} ${redact(path, context)} → ${outcome}`);
    if (answer.status < 300 && step.remember !== undefined) {
      step.remember(context, JSON.parse(answer.text));
    }
  }
  return { statuses, attempts, state: await readStoredState(store, context) };
}

function redact(text: string, context: Context): string {
  let redacted = text;
  if (context.sessionId !== '') redacted = redacted.replaceAll(context.sessionId, '<session>');
  if (context.circleId !== '') redacted = redacted.replaceAll(context.circleId, '<circle>');
  return redacted;
}

/**
 * Every document the session left in the store, by container and id: the circle's partition,
 * each member's own partition and the meeting lookup. What a server's clock wrote (times, ETags)
 * and the generated circle id are masked, since two servers never agree on them.
 */
async function readStoredState(
  store: DocumentStore,
  context: Context,
): Promise<Record<string, unknown>> {
  const partitions: [ContainerName, string][] = [
    ['circles', context.circleId],
    [
      'meetings',
      formatMeetingLookupKey(DEMO_TENANT_ID, { host: 'teams', meetingKey: MEETING_KEY }),
    ],
    ...TRIO.map((userId): [ContainerName, string] => [
      'people',
      formatPersonKey({ tenantId: DEMO_TENANT_ID, userId }),
    ]),
  ];
  const state: Record<string, unknown> = {};
  for (const [container, partitionKey] of partitions) {
    const page = await store.query<object>(container, partitionKey, { orderBy: 'id' });
    for (const document of page.items) {
      const masked = JSON.parse(redact(JSON.stringify(document), context), (key, value: unknown) =>
        key === '_etag' ||
        key === 'pausedMs' ||
        /[a-z](At|Time)Ms$/.test(key) ||
        key === 'uploadedAtMs'
          ? '<time>'
          : value,
      ) as { id: string };
      state[`${container}/${masked.id}`] = masked;
    }
  }
  return state;
}

let direct: { live: LiveApp; store: DocumentStore };
let flaky: { live: LiveApp; store: DocumentStore; proxy: FlakyProxy };

beforeAll(async () => {
  const open = () =>
    createSqliteDocumentStore({ path: ':memory:', retentionDays: 30, purgeIntervalMs: 0 });
  const directStore = open();
  direct = { live: await startLiveApp(directStore), store: directStore };
  const flakyStore = open();
  const flakyLive = await startLiveApp(flakyStore);
  const proxy = await startFlakyProxy({
    targetUrl: flakyLive.baseUrl,
    seed: SEED,
    failureRate: 0.5,
    lateByMs: ATTEMPT_TIMEOUT_MS + 200,
    passesByAttempt: MAX_RETRIES + 1,
  });
  flaky = { live: flakyLive, store: flakyStore, proxy };
});
afterAll(async () => {
  await flaky?.proxy.close();
  await flaky?.live.close();
  await direct?.live.close();
});

it('ends with the same stored state whether a client had to retry or not', async () => {
  const baseline = await play(direct.live, direct.store, direct.live.baseUrl, 0);
  expect(baseline.statuses.filter((line) => !line.endsWith('→ ok'))).toEqual([]);

  const retried = await play(flaky.live, flaky.store, flaky.proxy.url, MAX_RETRIES);
  // The network really was unkind: every kind of loss happened, and requests were sent again.
  const { fates } = flaky.proxy;
  expect(fates['drop request'], JSON.stringify(fates)).toBeGreaterThan(0);
  expect(fates['drop answer'], JSON.stringify(fates)).toBeGreaterThan(0);
  expect(fates['late answer'], JSON.stringify(fates)).toBeGreaterThan(0);
  expect(retried.attempts).toBeGreaterThan(SCRIPT.length);

  // Every step got the answer the client that never retried got…
  expect(retried.statuses, `seed ${SEED}`).toEqual(baseline.statuses);
  // …and the store holds exactly the same documents.
  expect(Object.keys(retried.state).length).toBeGreaterThan(10);
  expect(retried.state, `seed ${SEED}`).toEqual(baseline.state);
});

// A transcript sent again after its answer was lost is recognised by its hash and changes nothing:
// no new version, no change sent to live panels.
it('leaves the session as it was when a transcript upload is sent again', async () => {
  const live = direct.live;
  const context: Context = { circleId: '', sessionId: '', version: 0, roles: {} };
  const circle = await live.request<{ circle: { id: string } }>(
    'demo-ana',
    'POST',
    '/api/circles',
    {
      host: 'teams',
      meetingKey: `${MEETING_KEY}-transcript`,
      name: 'Transcript trio',
      frameworkId: 'weekly-micro-session',
      timeZone: 'Europe/Berlin',
    },
  );
  context.circleId = circle.body.circle.id;
  const started = await live.request<{ session: { id: string } }>(
    'demo-ana',
    'POST',
    `/api/circles/${context.circleId}/sessions`,
    { meetingId: `${MEETING_ID}-transcript` },
  );
  context.sessionId = started.body.session.id;
  const upload = async () => {
    const response = await fetch(`${live.baseUrl}${session(context)}/transcript`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await live.tokenFor('demo-ana')}`,
        'content-type': 'text/vtt',
      },
      body: TRANSCRIPT,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { session: { version: number } }).session.version;
  };
  const first = await upload();
  expect(await upload()).toBe(first);
});
