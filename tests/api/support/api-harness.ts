// The real app (buildApp + inject) on each store adapter for the circle and session tests: the
// embedded SQLite store in memory, and the Cosmos adapter against the Cosmos protocol server on
// loopback. Circles and sessions are made through their routes, as panels make them.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../../../api/src/app.js';
import { createDevTokenSource } from './dev-tokens.js';
import { encryptZoomAppContext } from '../../../api/src/auth/zoom-app-context.js';
import { loadConfig } from '../../../api/src/config.js';
import { createCosmosDocumentStore } from '../../../api/src/store/cosmos/cosmos-document-store.js';
import type { DocumentStore } from '../../../api/src/store/port.js';
import { createSqliteDocumentStore } from '../../../api/src/store/sqlite/sqlite-document-store.js';
import { startCosmosServer, type CosmosTestServer } from '../../support/cosmos-server.js';

export const ZOOM_CLIENT_SECRET = 'api-tests-zoom-client-secret';
export type StoreKind = 'SQLite' | 'Cosmos DB';
export const STORE_KINDS: readonly StoreKind[] = ['SQLite', 'Cosmos DB'];

/** A demo user id (demo-ana, demo-ben, …), a Zoom caller (another tenant), or nobody. */
export type Caller = string | { readonly zoomUid: string; readonly meetingId?: string } | null;

export interface Harness {
  readonly app: FastifyInstance;
  readonly store: DocumentStore;
  /** A dev bearer token for a demo user. */
  tokenFor(userId: string): Promise<string>;
  request(
    as: Caller,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** A circle for a new Teams meeting, created by the first user and joined by the others. */
  createCircle(userIds: readonly string[], frameworkId?: string): Promise<TestCircle>;
  /** Starts the session for a new meeting occurrence and has every user open it. */
  startSession(circle: TestCircle, userIds: readonly string[]): Promise<TestSession>;
}

export interface TestCircle {
  readonly circleId: string;
  readonly meetingKey: string;
}

export interface TestSession {
  readonly circleId: string;
  readonly sessionId: string;
  readonly url: string;
  readonly version: number;
}

export async function openStore(kind: StoreKind): Promise<{
  store: DocumentStore;
  close(): Promise<void>;
  cosmos: CosmosTestServer | null;
}> {
  if (kind === 'SQLite') {
    const store = createSqliteDocumentStore({
      path: ':memory:',
      retentionDays: 30,
      purgeIntervalMs: 0,
    });
    return { store, cosmos: null, close: async () => undefined };
  }
  const cosmos = await startCosmosServer();
  const store = await createCosmosDocumentStore({
    endpoint: cosmos.endpoint,
    key: cosmos.key,
    database: `api-${randomUUID()}`,
    createContainers: true,
    retentionDays: 30,
    requestTimeoutMs: 5_000,
  });
  return { store, cosmos, close: () => cosmos.close() };
}

export async function openHarness(
  kind: StoreKind,
  shared?: { readonly store: DocumentStore },
  logStream?: { write(line: string): void },
): Promise<{ harness: Harness; close(): Promise<void> }> {
  const opened = shared
    ? { store: borrowStore(shared.store), close: async () => undefined }
    : await openStore(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_MODE: 'dev',
    ZOOM_CLIENT_SECRET,
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...(logStream ? { LOG_LEVEL: 'trace' } : {}),
  });
  const app = await buildApp({ config, store: opened.store, ...(logStream ? { logStream } : {}) });
  await app.ready();
  const tokenFor = createDevTokenSource(app);

  const harness: Harness = {
    app,
    store: opened.store,
    tokenFor,
    async request(as, method, url, body, extraHeaders = {}) {
      const headers: Record<string, string> = { ...extraHeaders };
      if (typeof as === 'string') headers['authorization'] = `Bearer ${await tokenFor(as)}`;
      if (as !== null && typeof as === 'object') {
        const nowMs = Date.now();
        headers['x-zoom-app-context'] = encryptZoomAppContext(
          {
            uid: as.zoomUid,
            mid: as.meetingId ?? 'zoom-meeting-1',
            ts: nowMs,
            exp: nowMs + 120_000,
          },
          ZOOM_CLIENT_SECRET,
        );
      }
      return app.inject({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as string | object }),
      });
    },
    async createCircle(userIds, frameworkId = 'weekly-micro-session') {
      const meetingKey = `19:meeting_${randomUUID()}@thread.v2`;
      const [owner, ...others] = userIds;
      if (owner === undefined) throw new Error('a circle needs someone to create it');
      const created = await harness.request(owner, 'POST', '/api/circles', {
        host: 'teams',
        meetingKey,
        name: 'Tuesday trio',
        frameworkId,
        timeZone: 'Europe/Berlin',
      });
      expectStatus(created, 201);
      const circleId = created.json<{ circle: { id: string } }>().circle.id;
      for (const userId of others) {
        const joined = await harness.request(
          userId,
          'GET',
          `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}`,
        );
        expectStatus(joined, 200);
      }
      return { circleId, meetingKey };
    },
    async startSession(circle, userIds) {
      const meetingId = `meeting-${randomUUID()}`;
      let sessionId = '';
      let version = 0;
      for (const userId of userIds) {
        const started = await harness.request(
          userId,
          'POST',
          `/api/circles/${circle.circleId}/sessions`,
          { meetingId },
        );
        expectStatus(started, 200);
        ({ id: sessionId, version } = started.json<{
          session: { id: string; version: number };
        }>().session);
      }
      return {
        circleId: circle.circleId,
        sessionId,
        url: `/api/circles/${circle.circleId}/sessions/${sessionId}`,
        version,
      };
    },
  };
  return {
    harness,
    async close() {
      await app.close();
      await opened.close();
    },
  };
}

/** Runs `body` once per store adapter, each with a fresh app and store. */
export function describeOnBothStores(name: string, body: (harness: () => Harness) => void): void {
  for (const kind of STORE_KINDS) {
    describe(`${name} (${kind})`, () => {
      let opened: { harness: Harness; close(): Promise<void> } | undefined;
      beforeAll(async () => {
        opened = await openHarness(kind);
      });
      afterAll(async () => {
        await opened?.close();
      });
      body(() => {
        if (opened === undefined) throw new Error('the harness did not open');
        return opened.harness;
      });
    });
  }
}

export function expectStatus(response: LightMyRequestResponse, status: number): void {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
}

/** The same store for a second app in this process; only its owner closes it. */
function borrowStore(store: DocumentStore): DocumentStore {
  const borrowed = Object.create(store) as DocumentStore;
  Object.defineProperty(borrowed, 'close', { value: async () => undefined });
  return borrowed;
}
