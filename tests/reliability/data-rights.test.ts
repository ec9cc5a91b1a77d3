// Issue 8, data rights, seen from inside the store rather than through the API's own answers
// (tests/api/people-data-rights.test.ts checks those, and api/src/people/retention.test.ts the
// person's partition):
//   - after "delete my data", no document in either store still names the person, except the
//     circle's session history (left to retention by design, see api/src/people/data-rights.ts);
//     what others own stays, with the person's name taken off it;
//   - retention comes from RETENTION_DAYS: on the embedded store (with its clock moved on) the
//     circle and everything in it is gone after it, and the person's preferences are not; on
//     Cosmos DB, where the protocol server stores ttl without enforcing it, the containers'
//     default TTL and the documents' own ttl fields say the same.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.js';
import { FORMER_MEMBER_ID } from '../../api/src/outputs/model.js';
import { CONTAINER_NAMES, SECONDS_PER_DAY } from '../../api/src/store/containers.js';
import { openDocumentStore } from '../../api/src/store/open-document-store.js';
import type { DocumentStore } from '../../api/src/store/port.js';
import { startCosmosServer, type CosmosTestServer } from '../support/cosmos-server.js';
import {
  expectOk,
  openTrioSession,
  speechMark,
  startLiveApp,
  type LiveApp,
  type TrioSession,
} from './support/live-app.js';

const RETENTION_DAYS = 30;
const DAY_MS = SECONDS_PER_DAY * 1_000;
/** Documents that may still name a person who asked to be forgotten: the circle's history. */
const SESSION_HISTORY_TYPES = new Set(['session', 'marks', 'transcript']);

interface RawDocument {
  readonly container: string;
  readonly id: string;
  readonly body: Readonly<Record<string, unknown>>;
}

interface World {
  readonly live: LiveApp;
  readonly store: DocumentStore;
  /** Every document in every container, read around the api. */
  scan(): Promise<RawDocument[]>;
  moveClockBy?(ms: number): void;
  readonly cosmos?: { readonly client: CosmosClient; readonly database: string };
  close(): Promise<void>;
}

async function openSqliteWorld(): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'data-rights-'));
  const file = path.join(dir, 'store.db');
  let offsetMs = 0;
  const config = loadConfig({
    NODE_ENV: 'test',
    SQLITE_PATH: file,
    RETENTION_DAYS: String(RETENTION_DAYS),
  });
  const store = await openDocumentStore(config.store, config.retentionDays, {
    now: () => Date.now() + offsetMs,
  });
  const live = await startLiveApp(store, { RETENTION_DAYS: String(RETENTION_DAYS) });
  const reader = new Database(file, { readonly: true });
  return {
    live,
    store,
    async scan() {
      const rows = reader.prepare('SELECT container, id, body FROM documents').all() as {
        container: string;
        id: string;
        body: string;
      }[];
      return rows.map((row) => ({ ...row, body: JSON.parse(row.body) as Record<string, unknown> }));
    },
    moveClockBy(ms) {
      offsetMs += ms;
    },
    async close() {
      reader.close();
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openCosmosWorld(): Promise<World> {
  const server: CosmosTestServer = await startCosmosServer();
  const database = `data-rights-${randomUUID()}`;
  const env = {
    NODE_ENV: 'test',
    STORE: 'cosmos',
    COSMOS_ENDPOINT: server.endpoint,
    COSMOS_KEY: server.key,
    COSMOS_DATABASE: database,
    RETENTION_DAYS: String(RETENTION_DAYS),
  };
  const config = loadConfig(env);
  const store = await openDocumentStore(config.store, config.retentionDays);
  const live = await startLiveApp(store, env);
  const client = new CosmosClient({
    endpoint: server.endpoint,
    key: server.key,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  return {
    live,
    store,
    cosmos: { client, database },
    async scan() {
      const documents: RawDocument[] = [];
      for (const container of CONTAINER_NAMES) {
        const { resources } = await client
          .database(database)
          .container(container)
          .items.query<Record<string, unknown>>('SELECT * FROM c')
          .fetchAll();
        for (const body of resources) documents.push({ container, id: String(body['id']), body });
      }
      return documents;
    },
    async close() {
      client.dispose();
      await live.close();
      await server.close();
    },
  };
}

/** Ana, Ben and Cai in one session, with things of their own and things for each other. */
async function tellStory(live: LiveApp): Promise<TrioSession> {
  const session = await openTrioSession(live);
  // Ids are the client's; a second story in the same store needs its own.
  const id = (name: string) => `${name}-${session.sessionId.slice(-8)}`;
  const at = session.url;
  const send = async (as: string, method: string, url: string, body?: unknown) =>
    expectOk(await live.request(as, method, url, body), `${as} ${method} ${url}`);
  await send(session.coach, 'POST', `${at}/commands`, {
    commandId: 'start',
    expectedVersion: session.version,
    command: { type: 'start' },
  });
  await send(session.observer, 'POST', `${at}/marks`, {
    batchId: 'b1',
    marks: [
      speechMark('m1', Date.now(), 'demo-ana'),
      speechMark('m2', Date.now() + 3_000, 'demo-ben'),
    ],
  });
  await send('demo-ana', 'PUT', '/api/me/preferences', {
    displayName: 'Ana',
    timeZone: 'Europe/Lisbon',
    pronouns: 'she/her',
    optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: false },
    consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
  });
  await send('demo-ben', 'PUT', '/api/me/preferences', {
    displayName: 'Ben',
    timeZone: 'America/New_York',
    pronouns: null,
    optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: true },
    consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
  });
  await send('demo-ana', 'POST', `${at}/commitments`, { id: id('ana-own'), text: 'ANA-OWN' });
  await send('demo-ana', 'POST', `${at}/commitments`, {
    id: id('ben-by-ana'),
    owner: 'demo-ben',
    text: 'BEN-BY-ANA',
  });
  await send('demo-ben', 'POST', `${at}/commitments`, { id: id('ben-own'), text: 'BEN-OWN' });
  await send('demo-ben', 'POST', `${at}/commitments`, {
    id: id('ana-by-ben'),
    owner: 'demo-ana',
    text: 'ANA-BY-BEN',
  });
  await send('demo-ana', 'POST', `${at}/experiments`, {
    id: id('ana-experiment'),
    text: 'ANA-EXPERIMENT',
  });
  await send('demo-ana', 'POST', `${at}/sentences`, {
    id: id('ana-sentence'),
    text: 'ANA-SENTENCE',
  });
  await send('demo-ana', 'POST', `${at}/appreciations`, {
    id: id('ana-to-ben'),
    to: 'demo-ben',
    text: 'ANA-TO-BEN',
  });
  await send('demo-cai', 'POST', `${at}/appreciations`, {
    id: id('cai-to-ana'),
    to: 'demo-ana',
    text: 'CAI-TO-ANA',
  });
  await send('demo-ana', 'PUT', `${at}/note`, { text: 'SHARED-NOTE', version: 0 });
  for (const [as, name] of [
    ['demo-ana', 'ana-reflection'],
    ['demo-ben', 'ben-reflection'],
  ] as const) {
    await send(as, 'POST', '/api/me/reflections', {
      id: id(name),
      circleId: session.circleId,
      sessionId: session.sessionId,
      moment: 'after',
      text: name.toUpperCase(),
      shared: true,
    });
  }
  await send('demo-ana', 'POST', `/api/circles/${session.circleId}/feedback`, {
    id: id('ana-to-ben-feedback'),
    to: 'demo-ben',
    text: 'ANA-FEEDBACK',
  });
  await send('demo-ben', 'POST', `/api/circles/${session.circleId}/feedback`, {
    id: id('ben-to-ana-feedback'),
    to: 'demo-ana',
    text: 'BEN-FEEDBACK',
  });
  return session;
}

const namesAna = (document: RawDocument) =>
  /demo-ana|"Ana"|ANA-OWN|ANA-EXPERIMENT|ANA-SENTENCE|ANA-REFLECTION/.test(
    JSON.stringify(document.body),
  );

for (const [kind, open] of [
  ['SQLite', openSqliteWorld],
  ['Cosmos DB', openCosmosWorld],
] as const) {
  describe(`data rights in the store (${kind})`, () => {
    let world: World;
    beforeAll(async () => {
      world = await open();
    });
    afterAll(async () => {
      await world?.close();
    });

    it('leaves no document naming me after "delete my data" but the session history, and keeps what others own', async () => {
      const session = await tellStory(world.live);
      const before = await world.scan();
      // The scan sees the person where the story put them, so finding nothing later means something.
      expect(before.filter(namesAna).length).toBeGreaterThan(10);

      expectOk(await world.live.request('demo-ana', 'DELETE', '/api/me'), 'delete my data');
      const after = await world.scan();
      const leftover = after
        .filter(namesAna)
        .filter((document) => document.container !== 'changes')
        .filter((document) => !SESSION_HISTORY_TYPES.has(String(document.body['type'])))
        .map(
          (document) =>
            `${document.container}/${document.id}: ${JSON.stringify(document.body).slice(0, 200)}`,
        );
      expect(leftover).toEqual([]);

      const find = (text: string) => after.find((document) => document.body['text'] === text)?.body;
      // What others own stays, with Ana's name taken off it.
      expect(find('BEN-BY-ANA')).toMatchObject({
        owner: 'demo-ben',
        createdBy: FORMER_MEMBER_ID,
        text: 'BEN-BY-ANA',
      });
      expect(find('BEN-OWN')).toMatchObject({ owner: 'demo-ben', text: 'BEN-OWN' });
      expect(find('CAI-TO-ANA')).toMatchObject({
        from: 'demo-cai',
        to: FORMER_MEMBER_ID,
      });
      expect(
        after.find((document) => document.id === session.circleId)?.body['members'],
      ).not.toHaveProperty('demo-ana');
      const feedbackToBen = after.find((document) =>
        JSON.stringify(document.body).includes('ANA-FEEDBACK'),
      );
      expect(feedbackToBen?.body).toMatchObject({ from: FORMER_MEMBER_ID });
      // What was Ana's own is gone: her commitment, the one Ben wrote for her, her words.
      for (const gone of [
        'ANA-OWN',
        'ANA-BY-BEN',
        'ANA-TO-BEN',
        'ANA-EXPERIMENT',
        'BEN-FEEDBACK',
        'ANA-REFLECTION',
      ]) {
        expect(
          after.some((document) => JSON.stringify(document.body).includes(gone)),
          gone,
        ).toBe(false);
      }
      // Ben's own things are untouched.
      expect(
        after.some((document) => JSON.stringify(document.body).includes('BEN-REFLECTION')),
      ).toBe(true);
    });

    if (kind === 'SQLite') {
      it('forgets the circle and all in it after RETENTION_DAYS, and keeps preferences', async () => {
        const session = await tellStory(world.live);
        const move = world.moveClockBy;
        if (move === undefined) throw new Error('the embedded store has an injected clock');
        move((RETENTION_DAYS - 1) * DAY_MS);
        expectOk(
          await world.live.request('demo-ben', 'GET', session.url),
          'still there a day before',
        );

        move(2 * DAY_MS);
        expect((await world.live.request('demo-ben', 'GET', session.url)).status).toBe(404);
        expect(
          (await world.live.request('demo-ben', 'GET', `/api/circles/${session.circleId}`)).status,
        ).toBe(404);
        const reflections = await world.live.request<{ reflections: unknown[] }>(
          'demo-ben',
          'GET',
          '/api/me/reflections',
        );
        expect(reflections.body.reflections).toEqual([]);
        const preferences = await world.live.request<{ optOuts: { nudges: boolean } }>(
          'demo-ben',
          'GET',
          '/api/me/preferences',
        );
        expect(preferences.body.optOuts.nudges).toBe(true);
        // Expired documents are hidden at once and purged later; nothing of the circle is readable.
        const circleDocuments = await world.store.query('circles', session.circleId, {});
        expect(circleDocuments.items).toEqual([]);
      });
    } else {
      it('gives the containers RETENTION_DAYS as their default TTL, and only preferences and circle links a ttl of their own', async () => {
        await tellStory(world.live);
        const cosmos = world.cosmos;
        if (cosmos === undefined) throw new Error('the Cosmos world has a client');
        const { resources } = await cosmos.client
          .database(cosmos.database)
          .containers.readAll()
          .fetchAll();
        const defaultTtls = Object.fromEntries(
          resources.map((container) => [container.id, container.defaultTtl]),
        );
        expect(defaultTtls).toMatchObject({
          circles: RETENTION_DAYS * SECONDS_PER_DAY,
          people: RETENTION_DAYS * SECONDS_PER_DAY,
          meetings: -1,
        });
        const ownTtls = new Map<string, unknown>();
        for (const document of await world.scan()) {
          if (document.container === 'circles' || document.container === 'people') {
            ownTtls.set(
              String(document.body['type'] ?? document.id.split(':')[0]),
              document.body['ttl'],
            );
          }
        }
        // Preferences outlive retention (they hold the opt-outs); everything else follows it.
        const kept = [...ownTtls].filter(([, ttl]) => ttl !== undefined);
        expect(kept.every(([, ttl]) => ttl === -1)).toBe(true);
        expect(ownTtls.get('session')).toBeUndefined();
        expect(ownTtls.get('marks')).toBeUndefined();
        expect(ownTtls.get('commitment')).toBeUndefined();
      });
    }
  });
}
