import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCosmosServer, type CosmosTestServer } from '../support/cosmos-server.js';
import { openEventStream, type EventStreamReader } from './support/event-stream.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

// Two real server processes on one store, as two instances behind a load balancer: a panel
// connected to one sees a command sent to the other within a second. On the embedded store (one
// SQLite file) and on Cosmos DB (the protocol server on loopback, in this test process).

interface SessionBody {
  readonly session: {
    readonly id: string;
    readonly version: number;
    readonly state: { readonly participants: Record<string, { role: string | null }> };
  };
}

const DEV_TOKEN_SECRET = randomBytes(32).toString('base64url');

const stores: {
  name: string;
  open(): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
}[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'grow-together-two-'));
      return {
        env: { STORE: 'sqlite', SQLITE_PATH: path.join(dir, 'shared.db') },
        close: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'Cosmos DB',
    async open() {
      const cosmos: CosmosTestServer = await startCosmosServer();
      return {
        env: {
          STORE: 'cosmos',
          COSMOS_ENDPOINT: cosmos.endpoint,
          COSMOS_KEY: cosmos.key,
          COSMOS_DATABASE: `two-${randomUUID()}`,
          COSMOS_CREATE_CONTAINERS: 'true',
        },
        close: () => cosmos.close(),
      };
    },
  },
];

for (const store of stores) {
  describe(`two server processes on one store (${store.name})`, () => {
    let closeStore: (() => Promise<void>) | undefined;
    let first: ServerProcess | undefined;
    let second: ServerProcess | undefined;
    const readers: EventStreamReader[] = [];
    const tokens = new Map<string, string>();

    beforeAll(async () => {
      const opened = await store.open();
      closeStore = opened.close;
      const env = {
        ...opened.env,
        AUTH_MODE: 'dev',
        DEV_TOKEN_SECRET,
        RATE_LIMIT_PER_MINUTE: '100000',
      };
      // One after the other: the first creates the Cosmos containers the second then finds.
      first = await startServerProcess(env);
      second = await startServerProcess(env);
    });

    afterAll(async () => {
      for (const reader of readers) reader.close();
      await Promise.all([first?.stop(), second?.stop()]);
      await closeStore?.();
    });

    function servers(): [ServerProcess, ServerProcess] {
      if (first === undefined || second === undefined) throw new Error('the servers did not start');
      return [first, second];
    }

    async function send(
      server: ServerProcess,
      userId: string,
      method: string,
      url: string,
      body?: unknown,
    ) {
      let token = tokens.get(userId);
      if (token === undefined) {
        // Minted by the first process, used on both: they share DEV_TOKEN_SECRET.
        const minted = await fetch(`${servers()[0].url}/api/dev/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId }),
        });
        token = ((await minted.json()) as { token: string }).token;
        tokens.set(userId, token);
      }
      const response = await fetch(`${server.url}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`${method} ${url} on ${server.url}: ${response.status} ${text}`);
      return JSON.parse(text) as unknown;
    }

    it('shows a command sent to one process on a panel connected to the other within a second', async () => {
      const [one, two] = servers();
      const meetingKey = `19:meeting_${randomUUID()}@thread.v2`;
      const created = (await send(one, 'demo-ana', 'POST', '/api/circles', {
        host: 'teams',
        meetingKey,
        name: 'Across instances',
        frameworkId: 'weekly-micro-session',
      })) as { circle: { id: string } };
      const circleId = created.circle.id;
      await send(
        two,
        'demo-ben',
        'GET',
        `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}`,
      );
      const meetingId = `meeting-${randomUUID()}`;
      await send(one, 'demo-ana', 'POST', `/api/circles/${circleId}/sessions`, { meetingId });
      const joined = (await send(two, 'demo-ben', 'POST', `/api/circles/${circleId}/sessions`, {
        meetingId,
      })) as SessionBody;
      const sessionUrl = `/api/circles/${circleId}/sessions/${joined.session.id}`;
      const coach = Object.entries(joined.session.state.participants).find(
        ([, p]) => p.role === 'coach',
      )?.[0];
      expect(coach).toBeDefined();

      const panels = await Promise.all(
        [one, two].map(async (server) => {
          const reader = await openEventStream(`${server.url}${sessionUrl}/stream`, {
            authorization: `Bearer ${tokens.get('demo-ben') ?? ''}`,
          });
          readers.push(reader);
          expect(reader.status).toBe(200);
          expect(JSON.parse((await reader.next()).data)).toMatchObject({
            version: joined.session.version,
          });
          return reader;
        }),
      );
      const [panelOnOne, panelOnTwo] = panels as [EventStreamReader, EventStreamReader];

      // A command to the second process, seen by the panel on the first.
      let sentAtMs = Date.now();
      const started = (await send(two, coach ?? '', 'POST', `${sessionUrl}/commands`, {
        commandId: 'start',
        expectedVersion: joined.session.version,
        command: { type: 'start' },
      })) as SessionBody;
      const seenOnOne = JSON.parse((await panelOnOne.next(1_000)).data) as { version: number };
      expect(seenOnOne.version).toBe(started.session.version);
      expect(Date.now() - sentAtMs).toBeLessThan(1_000);
      expect(JSON.parse((await panelOnTwo.next(1_000)).data)).toMatchObject({
        version: started.session.version,
      });

      // And the other way round.
      sentAtMs = Date.now();
      const paused = (await send(one, 'demo-ben', 'POST', `${sessionUrl}/commands`, {
        commandId: 'pause',
        expectedVersion: started.session.version,
        command: { type: 'pause' },
      })) as SessionBody;
      const seenOnTwo = JSON.parse((await panelOnTwo.next(1_000)).data) as { version: number };
      expect(seenOnTwo.version).toBe(paused.session.version);
      expect(Date.now() - sentAtMs).toBeLessThan(1_000);
    });
  });
}
