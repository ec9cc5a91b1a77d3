import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.js';
import { loadConfig } from '../../api/src/config.js';
import type { FastifyInstance } from 'fastify';
import { message, type ChatContext } from './support/activities.js';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connector-stand-in.js';

// Outside dev mode the bot endpoint verifies the Bot Framework JWT on every request (botbuilder's
// CloudAdapter with the bot's MicrosoftAppId), and without a bot registration it refuses all.

const PRODUCTION = {
  NODE_ENV: 'production',
  ENTRA_CLIENT_ID: 'api-client-id',
  SQLITE_PATH: ':memory:',
  LOG_LEVEL: 'silent',
};

async function listen(env: Record<string, string>): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({ config: loadConfig(env) });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `${address.replace('localhost', '127.0.0.1')}/api/messages` };
}

describe('the bot endpoint outside dev mode', () => {
  let connector: ConnectorStandIn;
  let registered: { app: FastifyInstance; url: string };
  let unregistered: { app: FastifyInstance; url: string };
  let chat: ChatContext;

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    registered = await listen({
      ...PRODUCTION,
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b071',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    });
    unregistered = await listen(PRODUCTION);
    chat = {
      serviceUrl: connector.serviceUrl,
      tenantId: 'tenant',
      chatId: '19:chat@thread.v2',
      meetingId: 'm',
    };
  });
  afterAll(async () => {
    await registered.app.close();
    await unregistered.app.close();
    await connector.close();
  });

  const post = (url: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(
        message(chat, { aadObjectId: 'someone', name: 'Someone' }, 'help', Date.now()),
      ),
    });

  it('rejects an unauthenticated POST with 401 and sends nothing', async () => {
    const response = await post(registered.url);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(connector.sent).toEqual([]);
  });

  it('rejects a junk bearer token with 401', async () => {
    for (const authorization of ['Bearer junk', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz']) {
      const response = await post(registered.url, { authorization });
      expect(response.status, authorization).toBe(401);
    }
    expect(connector.sent).toEqual([]);
  });

  it('refuses every request when no bot is registered, rather than running unauthenticated', async () => {
    const response = await post(unregistered.url);
    expect(response.status).toBe(401);
    expect(connector.sent).toEqual([]);
  });
});
