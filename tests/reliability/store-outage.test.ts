// Issue 8, store outage: the store goes away during a session and comes back. The api answers
// 503 with Retry-After (never a 500, never a hang), /api/health says the store is down, and once
// it is back the panels' resends (same batch ids, same command ids) leave the session whole, with
// no mark stored twice and no command applied twice.
//   - Cosmos DB: the protocol server stops listening for 10 s and resumes with its data.
//   - Cosmos DB that accepts connections but never answers: the request timeout ends the wait.
//   - The embedded store: another process holds SQLite's write lock (SQLITE_BUSY).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.js';
import { readMarkChunks } from '../../api/src/sessions/mark-chunks.js';
import { createCosmosDocumentStore } from '../../api/src/store/cosmos/cosmos-document-store.js';
import { openDocumentStore } from '../../api/src/store/open-document-store.js';
import type { DocumentStore } from '../../api/src/store/port.js';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import { openEventStream } from '../api/support/event-stream.js';
import { startCosmosServer, type CosmosTestServer } from '../support/cosmos-server.js';
import {
  expectOk,
  openTrioSession,
  speechMark,
  startLiveApp,
  type Answer,
  type LiveApp,
  type TrioSession,
} from './support/live-app.js';

const OUTAGE_MS = 10_000;
/** The Cosmos DB emulator's published key: the protocol server checks no signature. */
const EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nqzXMAtGOBNMIfOEJxfKAVlr0vFs6Jwxgfqc0oDQ==';
/** The Cosmos client's per-request timeout in these tests; production's default is 5 s. */
const REQUEST_TIMEOUT_MS = 2_000;
/** Longest an answer may take while the store is down: the timeout, a retry, and some slack. */
const ANSWER_DEADLINE_MS = 6_000;

interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}
interface HealthBody {
  readonly status: string;
  readonly store: { readonly isUp: boolean };
}
interface SessionBody {
  readonly session: {
    readonly version: number;
    readonly state: { readonly stageIndex: number; readonly status: string };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Same ids every time: what a panel's durable queue resends. */
function planSession(session: TrioSession) {
  const atMs = Date.now();
  return {
    start: { commandId: 'start-1', expectedVersion: session.version, command: { type: 'start' } },
    next: { commandId: 'next-1', expectedVersion: session.version + 1, command: { type: 'next' } },
    before: {
      batchId: 'batch-before',
      marks: [
        speechMark('m1', atMs, session.coach),
        speechMark('m2', atMs + 5_000, session.coachee),
      ],
    },
    during: {
      batchId: 'batch-during',
      marks: [
        speechMark('m3', atMs + 9_000, session.coach),
        speechMark('m4', atMs + 14_000, session.coachee),
      ],
    },
  };
}

/** A trio session under way while the store is up: started, with the observer's first batch stored. */
async function startWithFirstMarks(
  live: LiveApp,
): Promise<{ session: TrioSession; plan: ReturnType<typeof planSession> }> {
  const session = await openTrioSession(live);
  const plan = planSession(session);
  expectOk(
    await live.request(session.coach, 'POST', `${session.url}/commands`, plan.start),
    'start',
  );
  expectOk(
    await live.request(session.observer, 'POST', `${session.url}/marks`, plan.before),
    'marks',
  );
  return { session, plan };
}

function expectUnavailable(answer: Answer, what: string): void {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(503);
  expect((answer.body as ErrorBody).error.code, what).toBe('STORE_UNAVAILABLE');
  expect(Number(answer.headers.get('retry-after')), `${what} Retry-After`).toBeGreaterThan(0);
  expect(answer.elapsedMs, `${what} answered in time`).toBeLessThan(ANSWER_DEADLINE_MS);
}

/** Every mark id the store holds for the session, as often as it is stored. */
async function listStoredMarkIds(store: DocumentStore, session: TrioSession): Promise<string[]> {
  const chunks = await readMarkChunks(store, session.circleId, session.sessionId);
  return chunks.flatMap((chunk) => chunk.marks.map((mark) => mark.id)).sort();
}

async function waitForHealthy(live: LiveApp): Promise<void> {
  const deadlineMs = Date.now() + 15_000;
  for (;;) {
    const health = await live.request<HealthBody>(null, 'GET', '/api/health');
    if (health.status === 200) return;
    if (Date.now() > deadlineMs) throw new Error('the store did not come back');
    await sleep(250);
  }
}

/** After the outage: resend everything the panels had, then check nothing doubled. */
async function resendAndCheckWhole(
  live: LiveApp,
  store: DocumentStore,
  session: TrioSession,
  plan: ReturnType<typeof planSession>,
): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    expectOk(
      await live.request(session.observer, 'POST', `${session.url}/marks`, plan.before),
      'resend',
    );
    expectOk(
      await live.request(session.observer, 'POST', `${session.url}/marks`, plan.during),
      'resend',
    );
    expectOk(
      await live.request(session.coach, 'POST', `${session.url}/commands`, plan.start),
      'resend',
    );
    expectOk(
      await live.request(session.coach, 'POST', `${session.url}/commands`, plan.next),
      'resend',
    );
  }
  expect(await listStoredMarkIds(store, session)).toEqual(['m1', 'm2', 'm3', 'm4']);
  const current = await live.request<SessionBody>(session.coach, 'GET', session.url);
  expectOk(current, 'read the session');
  // Two commands, each applied once: started, then moved on by one stage.
  expect(current.body.session.version).toBe(session.version + 2);
  expect(current.body.session.state.stageIndex).toBe(1);
  const summary = await live.request(session.coach, 'GET', `${session.url}/summary`);
  expectOk(summary, 'the summary');
}

describe('store outage (Cosmos DB protocol server stops listening)', () => {
  let cosmos: CosmosTestServer;
  let store: DocumentStore;
  let live: LiveApp;

  beforeAll(async () => {
    cosmos = await startCosmosServer();
    store = await createCosmosDocumentStore({
      endpoint: cosmos.endpoint,
      key: cosmos.key,
      database: `outage-${randomUUID()}`,
      createContainers: true,
      retentionDays: 30,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    live = await startLiveApp(store);
  });
  afterAll(async () => {
    await live?.close();
    await cosmos?.close();
  });

  it('answers 503 with Retry-After for 10 s, says so on /api/health, and the session is whole after', async () => {
    const { session, plan } = await startWithFirstMarks(live);

    // The coachee's panel follows the session on the event stream through the whole outage.
    const stream = await openEventStream(`${live.baseUrl}${session.url}/stream`, {
      authorization: `Bearer ${await live.tokenFor(session.coachee)}`,
    });
    expect(stream.status).toBe(200);
    const versionOf = (data: string) => (JSON.parse(data) as { version: number }).version;
    expect(versionOf((await stream.next(5_000)).data)).toBe(session.version + 1);

    await cosmos.stopListening();
    const outageStartedAtMs = Date.now();
    let rounds = 0;
    try {
      while (Date.now() - outageStartedAtMs < OUTAGE_MS) {
        // The panels keep going as they would: the observer's queue flushes, the coach moves on,
        // a panel reloads the session, and the platform probes the server's health.
        const [marks, command, read, health] = await Promise.all([
          live.request(session.observer, 'POST', `${session.url}/marks`, plan.during, {
            timeoutMs: 15_000,
          }),
          live.request(session.coach, 'POST', `${session.url}/commands`, plan.next, {
            timeoutMs: 15_000,
          }),
          live.request(session.coachee, 'GET', session.url, undefined, { timeoutMs: 15_000 }),
          live.request<HealthBody>(null, 'GET', '/api/health', undefined, { timeoutMs: 15_000 }),
        ]);
        expectUnavailable(marks, 'marks during the outage');
        expectUnavailable(command, 'a command during the outage');
        expectUnavailable(read, 'reading the session during the outage');
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({
          status: 'degraded',
          store: { kind: 'cosmos', isUp: false },
        });
        expect(health.elapsedMs).toBeLessThan(ANSWER_DEADLINE_MS);
        rounds += 1;
        await sleep(500);
      }
    } finally {
      await cosmos.resumeListening();
    }
    expect(rounds).toBeGreaterThanOrEqual(3);

    await waitForHealthy(live);
    try {
      await resendAndCheckWhole(live, store, session, plan);
      // The panel that stayed open sees the move the coach's resend made, once.
      expect(versionOf((await stream.next(5_000)).data)).toBe(session.version + 2);
    } finally {
      stream.close();
    }
  });
});

describe('a Cosmos DB endpoint that accepts connections and never answers', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let live: LiveApp;

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    // Opened from the configuration as the server opens it, with containers made by the infra
    // (as in production under data-plane RBAC), so nothing is asked of the store at start-up.
    const config = loadConfig({
      STORE: 'cosmos',
      COSMOS_ENDPOINT: `http://127.0.0.1:${port}`,
      COSMOS_KEY: EMULATOR_KEY,
      COSMOS_CREATE_CONTAINERS: 'false',
      COSMOS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    });
    const store = await openDocumentStore(config.store, config.retentionDays);
    live = await startLiveApp(store);
  });
  afterAll(async () => {
    await live?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it('answers 503 within the request timeout instead of hanging', async () => {
    const [circle, health, preferences] = await Promise.all([
      live.request('demo-ana', 'GET', `/api/circles/circle-${randomUUID()}`, undefined, {
        timeoutMs: 20_000,
      }),
      live.request<HealthBody>(null, 'GET', '/api/health', undefined, { timeoutMs: 20_000 }),
      live.request(
        'demo-ana',
        'PUT',
        '/api/me/preferences',
        {
          displayName: null,
          timeZone: 'Europe/Berlin',
          pronouns: null,
          optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: false },
          consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
        },
        { timeoutMs: 20_000 },
      ),
    ]);
    expectUnavailable(circle, 'reading a circle');
    expectUnavailable(preferences, 'saving preferences');
    // COSMOS_REQUEST_TIMEOUT_MS is what ends the wait: one timeout, no retries stacked on it.
    expect(circle.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS * 0.9);
    expect(circle.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(health.status).toBe(503);
    expect(health.body.store.isUp).toBe(false);
    expect(health.elapsedMs).toBeLessThan(ANSWER_DEADLINE_MS);
  });
});

describe('store outage (SQLite write lock held by another process)', () => {
  let dir: string;
  let store: DocumentStore;
  let live: LiveApp;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'outage-sqlite-'));
    store = createSqliteDocumentStore({
      path: path.join(dir, 'store.db'),
      retentionDays: 30,
      busyTimeoutMs: 300,
      purgeIntervalMs: 0,
    });
    live = await startLiveApp(store);
  });
  afterAll(async () => {
    await live?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After to writes while the lock is held, and the session is whole after', async () => {
    const { session, plan } = await startWithFirstMarks(live);

    // A backup tool or a second server on the same file takes the write lock and keeps it.
    const other = new Database(path.join(dir, 'store.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      for (let round = 0; round < 3; round += 1) {
        const [marks, command, read, health] = await Promise.all([
          live.request(session.observer, 'POST', `${session.url}/marks`, plan.during),
          live.request(session.coach, 'POST', `${session.url}/commands`, plan.next),
          live.request<SessionBody>(session.coachee, 'GET', session.url),
          live.request<HealthBody>(null, 'GET', '/api/health'),
        ]);
        expectUnavailable(marks, 'marks while locked');
        expectUnavailable(command, 'a command while locked');
        // WAL lets readers through a writer's lock: panels still see the session.
        expectOk(read, 'reading while locked');
        expect(read.body.session.version).toBe(session.version + 1);
        // Reads work, writes don't: the platform's probe must hear that the store is down.
        expect(health.status).toBe(503);
        expect(health.body.store).toMatchObject({ kind: 'sqlite', isUp: false });
      }
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const healthAfter = await live.request<HealthBody>(null, 'GET', '/api/health');
    expect(healthAfter.status).toBe(200);
    await resendAndCheckWhole(live, store, session, plan);
  });
});
