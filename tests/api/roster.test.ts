import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin } from '../../api/src/auth/auth-plugin.js';
import { readTeamsIssuers } from '../../api/src/auth/verify-teams-token.js';
import { circleRoutes } from '../../api/src/circles/routes.js';
import { loadConfig } from '../../api/src/config.js';
import { liveSyncPlugin } from '../../api/src/live/live-sync-plugin.js';
import { errorHandlerPlugin } from '../../api/src/plugins/error-handler.js';
import { storePlugin } from '../../api/src/plugins/store.js';
import { createBotConnectorRoster } from '../../api/src/roster/bot-connector-roster.js';
import { createBotTokenSource } from '../../api/src/roster/bot-token.js';
import { rosterPlugin } from '../../api/src/roster/roster-plugin.js';
import { createRoster } from '../../api/src/roster/roster-port.js';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import { startJwksServer, type JwksServer } from '../support/jwks-server.js';

// Joining a circle by its Teams meeting, checked against the meeting chat's roster: the Bot
// Connector is a stand-in on loopback (the bot's token endpoint too), and callers sign in with
// real Teams SSO tokens signed by a loopback JWKS.

const TENANT = '0b6a2c1d-3e4f-4a5b-8c7d-9e0f1a2b3c4d';
const CLIENT_ID = 'api-client-id';
const BOT_TOKEN = 'bot-access-token-1';
const ANA = 'aad-ana';
const BEN = 'aad-ben';
const CAI = 'aad-cai';

interface StandIn {
  readonly url: string;
  readonly memberRequests: { path: string; authorization: string | undefined }[];
  tokenRequests: number;
  /** Chats the bot is in, with their members' Entra object ids. */
  readonly chats: Map<string, readonly string[]>;
  isDown: boolean;
  close(): Promise<void>;
}

async function startBotConnectorStandIn(): Promise<StandIn> {
  const standIn = {
    memberRequests: [] as StandIn['memberRequests'],
    tokenRequests: 0,
    chats: new Map<string, readonly string[]>(),
    isDown: false,
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (request.method === 'POST' && url.pathname === '/token') {
      standIn.tokenRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ access_token: BOT_TOKEN, expires_in: 3600, token_type: 'Bearer' }),
      );
      return;
    }
    const match = /^\/v3\/conversations\/([^/]+)\/members$/.exec(url.pathname);
    if (request.method === 'GET' && match?.[1] !== undefined) {
      standIn.memberRequests.push({
        path: url.pathname,
        authorization: request.headers.authorization,
      });
      if (standIn.isDown) return void response.writeHead(500).end();
      if (request.headers.authorization !== `Bearer ${BOT_TOKEN}`)
        return void response.writeHead(401).end();
      const members = standIn.chats.get(decodeURIComponent(match[1]));
      if (members === undefined) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          members.map((oid) => ({
            id: `29:${oid}`,
            name: oid,
            aadObjectId: oid,
            tenantId: TENANT,
            userRole: 'user',
          })),
        ),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

describe('joining a Teams circle through the Bot Connector roster', () => {
  let jwks: JwksServer;
  let standIn: StandIn;
  let app: FastifyInstance;

  beforeAll(async () => {
    jwks = await startJwksServer();
    standIn = await startBotConnectorStandIn();
    const config = loadConfig({
      NODE_ENV: 'test',
      AUTH_MODE: 'entra',
      ENTRA_CLIENT_ID: CLIENT_ID,
      ENTRA_JWKS_URL: jwks.jwksUrl,
    });
    const getAccessToken = createBotTokenSource({
      appId: 'bot-app-id',
      appPassword: 'bot-app-password',
      tokenUrl: `${standIn.url}/token`,
    });
    app = Fastify();
    app.decorate('config', config);
    await app.register(errorHandlerPlugin);
    await app.register(storePlugin, {
      config,
      store: createSqliteDocumentStore({ path: ':memory:', retentionDays: 30, purgeIntervalMs: 0 }),
    });
    await app.register(liveSyncPlugin);
    await app.register(authPlugin, { config: config.auth });
    await app.register(rosterPlugin, {
      roster: createRoster({
        allowDevCallers: false,
        teams: createBotConnectorRoster({ serviceUrl: `${standIn.url}/`, getAccessToken }),
      }),
    });
    await app.register(circleRoutes, { prefix: '/api' });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await standIn?.close();
    await jwks?.close();
  });

  async function asTeamsUser(oid: string) {
    const token = await jwks.mintToken({
      iss: readTeamsIssuers(TENANT)[1],
      aud: CLIENT_ID,
      tid: TENANT,
      oid,
      scp: 'access_as_user',
      name: oid.replace('aad-', ''),
      ver: '2.0',
    });
    return { authorization: `Bearer ${token}` };
  }

  function createCircle(oid: string, meetingKey: string) {
    return asTeamsUser(oid).then((headers) =>
      app.inject({
        method: 'POST',
        url: '/api/circles',
        headers,
        payload: {
          host: 'teams',
          meetingKey,
          name: 'Roster circle',
          frameworkId: 'weekly-micro-session',
        },
      }),
    );
  }

  async function openPanel(oid: string, meetingKey: string) {
    return app.inject({
      method: 'GET',
      url: `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}`,
      headers: await asTeamsUser(oid),
    });
  }

  it('lets people in the meeting chat create and join the circle, and nobody else', async () => {
    const chatId = `19:meeting_${randomUUID()}@thread.v2`;
    standIn.chats.set(chatId, [ANA, BEN]);
    const created = await createCircle(ANA, chatId);
    expect(created.statusCode).toBe(201);

    const joined = await openPanel(BEN, chatId);
    expect(joined.statusCode).toBe(200);
    const members = joined.json<{ circle: { members: { userId: string }[] } }>().circle.members;
    expect(members.map((member) => member.userId)).toEqual([ANA, BEN]);

    const outsider = await openPanel(CAI, chatId);
    expect(outsider.statusCode).toBe(404);
    expect((await createCircle(CAI, chatId)).statusCode).toBe(403);

    const lastRequest = standIn.memberRequests.at(-1);
    expect(lastRequest?.path).toBe(`/v3/conversations/${encodeURIComponent(chatId)}/members`);
    expect(lastRequest?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    // The bot's token is fetched once and reused.
    expect(standIn.tokenRequests).toBe(1);
  });

  it('checks a member already in the circle without asking the roster again', async () => {
    const chatId = `19:meeting_${randomUUID()}@thread.v2`;
    standIn.chats.set(chatId, [ANA]);
    expect((await createCircle(ANA, chatId)).statusCode).toBe(201);
    const before = standIn.memberRequests.length;
    expect((await openPanel(ANA, chatId)).statusCode).toBe(200);
    expect(standIn.memberRequests.length).toBe(before);
  });

  it('refuses a chat the bot is not in, and answers 503 when the Bot Connector fails', async () => {
    const unknownChat = `19:meeting_${randomUUID()}@thread.v2`;
    expect((await createCircle(ANA, unknownChat)).statusCode).toBe(403);

    const chatId = `19:meeting_${randomUUID()}@thread.v2`;
    standIn.chats.set(chatId, [ANA, BEN]);
    expect((await createCircle(ANA, chatId)).statusCode).toBe(201);
    standIn.isDown = true;
    try {
      const response = await openPanel(BEN, chatId);
      expect(response.statusCode).toBe(503);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('ROSTER_UNAVAILABLE');
    } finally {
      standIn.isDown = false;
    }
  });
});
