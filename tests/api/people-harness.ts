// The real server (buildApp + inject) on each store adapter, for the people and outputs tests:
// the embedded SQLite store in memory, and the Cosmos adapter against the Cosmos protocol server
// on loopback. Circles and sessions are seeded straight into the store, as their own routes would.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../../api/src/app.js';
import { createDevTokenSource } from './support/dev-tokens.js';
import { encryptZoomAppContext } from '../../api/src/auth/zoom-app-context.js';
import type { CircleDocument, CircleMember } from '../../api/src/circles/model.js';
import { loadConfig } from '../../api/src/config.js';
import { recordCircleMembership } from '../../api/src/people/circle-index.js';
import { createCosmosDocumentStore } from '../../api/src/store/cosmos/cosmos-document-store.js';
import type { DocumentStore } from '../../api/src/store/port.js';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import { startCosmosServer, type CosmosTestServer } from '../support/cosmos-server.js';

export const DEMO_TENANT = 'demo-tenant';
const ZOOM_CLIENT_SECRET = 'people-tests-zoom-client-secret';

export interface Harness {
  readonly app: FastifyInstance;
  readonly store: DocumentStore;
  /** A bearer token for a demo user (demo-ana, demo-ben, demo-cai, demo-dee, …). */
  tokenFor(userId: string): Promise<string>;
  /** Sends a request as `as` (a demo user id, `{ zoomUid }` for a Zoom caller, or null for none). */
  request(
    as: string | { readonly zoomUid: string } | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** A circle with these members (in the demo tenant unless told), each linked as joining would. */
  seedCircle(memberIds: readonly string[], tenantId?: string): Promise<string>;
  seedSession(circleId: string): Promise<string>;
}

type StoreKind = 'SQLite' | 'Cosmos DB';

/** Runs `body` once per store adapter, each with a fresh app and store. */
export function describeOnBothStores(name: string, body: (harness: () => Harness) => void): void {
  for (const kind of ['SQLite', 'Cosmos DB'] as const) {
    describe(`${name} (${kind})`, () => {
      let harness: Harness | undefined;
      let closeAll: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        ({ harness, closeAll } = await openHarness(kind));
      });
      afterAll(async () => {
        await closeAll?.();
      });
      body(() => {
        if (harness === undefined) throw new Error('the harness did not open');
        return harness;
      });
    });
  }
}

async function openHarness(
  kind: StoreKind,
): Promise<{ harness: Harness; closeAll(): Promise<void> }> {
  let cosmos: CosmosTestServer | null = null;
  let store: DocumentStore;
  if (kind === 'SQLite') {
    store = createSqliteDocumentStore({ path: ':memory:', retentionDays: 30, purgeIntervalMs: 0 });
  } else {
    cosmos = await startCosmosServer();
    store = await createCosmosDocumentStore({
      endpoint: cosmos.endpoint,
      key: cosmos.key,
      database: `people-${randomUUID()}`,
      createContainers: true,
      retentionDays: 30,
      requestTimeoutMs: 5_000,
    });
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_MODE: 'dev',
    ZOOM_CLIENT_SECRET,
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await buildApp({ config, store });
  await app.ready();

  const tokenFor = createDevTokenSource(app);

  const harness: Harness = {
    app,
    store,
    tokenFor,
    async request(as, method, url, body) {
      const headers: Record<string, string> = {};
      if (typeof as === 'string') headers['authorization'] = `Bearer ${await tokenFor(as)}`;
      if (as !== null && typeof as === 'object') {
        const nowMs = Date.now();
        headers['x-zoom-app-context'] = encryptZoomAppContext(
          { uid: as.zoomUid, mid: 'zoom-meeting-1', ts: nowMs, exp: nowMs + 120_000 },
          ZOOM_CLIENT_SECRET,
        );
      }
      return app.inject({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as object }),
      });
    },
    async seedCircle(memberIds, tenantId = DEMO_TENANT) {
      const circleId = `circle-${randomUUID()}`;
      const members: Record<string, CircleMember> = {};
      for (const userId of memberIds) {
        members[userId] = {
          userId,
          displayName: userId.replace('demo-', '').toUpperCase(),
          timeZone: 'Europe/Berlin',
          pronouns: null,
          joinedAtMs: Date.now(),
        };
      }
      const circle: CircleDocument = {
        id: circleId,
        circleId,
        type: 'circle',
        tenantId,
        name: `Circle of ${memberIds.join(', ')}`,
        hostMeetings: [{ host: 'teams', meetingKey: `chat-${circleId}` }],
        frameworkId: 'weekly-micro-session',
        customFrameworks: [],
        cadence: null,
        norms: [],
        glossary: [],
        consentDefaults: { rolePlay: 'ask-every-time' },
        members,
        roleHistory: [],
        createdAtMs: Date.now(),
        createdBy: memberIds[0] ?? 'nobody',
      };
      await store.create('circles', circle);
      for (const userId of memberIds) {
        await recordCircleMembership(store, { tenantId, userId }, circleId);
      }
      return circleId;
    },
    async seedSession(circleId) {
      const sessionId = `session-${randomUUID()}`;
      await store.create('circles', {
        id: sessionId,
        circleId,
        type: 'session',
        version: 1,
        state: {},
      });
      return sessionId;
    },
  };
  return {
    harness,
    async closeAll() {
      await app.close();
      await cosmos?.close();
    },
  };
}

export function newId(): string {
  return randomUUID();
}
