import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../api/src/app.js';
import {
  createGraphTokenSource,
  createGraphTranscriptSource,
} from '../../../api/src/bot/graph-transcripts.js';
import { loadConfig } from '../../../api/src/config.js';
import { DEMO_TENANT_ID } from '../../../api/src/auth/dev-tokens.js';
import { createSqliteDocumentStore } from '../../../api/src/store/sqlite/sqlite-document-store.js';
import type { DocumentStore } from '../../../api/src/store/port.js';
import { createDevTokenSource } from '../../api/support/dev-tokens.js';
import { startConnectorStandIn, type ConnectorStandIn } from './connector-stand-in.js';

// The real server on the embedded store, listening on a free port, with the bot mounted at
// /api/messages in dev mode (no Bot Framework token), a loopback Bot Connector and Graph, and a
// clock the test moves. Circles and sessions are made through the api's own routes, as demo users.

export interface BotHarness {
  readonly app: FastifyInstance;
  readonly store: DocumentStore;
  readonly baseUrl: string;
  readonly connector: ConnectorStandIn;
  readonly tenantId: string;
  /** The clock the bot and the api's sessions read. */
  now: number;
  /** POSTs an activity to /api/messages over HTTP. */
  post(activity: unknown): Promise<Response>;
  /** A call to the api as a demo user. */
  api(userId: string, method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export interface BotHarnessOptions {
  /** Collects the server's log lines (at info level) for tests that read them. */
  readonly logLines?: string[];
}

export async function openBotHarness(
  startMs: number,
  options: BotHarnessOptions = {},
): Promise<BotHarness> {
  const connector = await startConnectorStandIn();
  const store = createSqliteDocumentStore({
    path: ':memory:',
    retentionDays: 30,
    purgeIntervalMs: 0,
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_MODE: 'dev',
    RATE_LIMIT_PER_MINUTE: '1000000',
    PUBLIC_URL: 'https://grow.example.com',
    LOG_LEVEL: options.logLines === undefined ? 'silent' : 'info',
  });
  const clock = { now: startMs };
  const logLines = options.logLines;
  const app = await buildApp({
    config,
    store,
    ...(logLines === undefined
      ? {}
      : { logStream: { write: (line: string) => logLines.push(line) } }),
    bot: {
      readNowMs: () => clock.now,
      nudgeIntervalMs: 0,
      transcripts: createGraphTranscriptSource({
        baseUrl: connector.graphUrl,
        getAccessToken: createGraphTokenSource({
          appId: 'bot-app-id',
          appPassword: 'bot-app-password',
          tokenUrlFor: () => `${connector.serviceUrl}graph-token`,
        }),
      }),
    },
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = address.replace('localhost', '127.0.0.1');
  const tokenFor = createDevTokenSource(app);
  const harness: BotHarness = {
    app,
    store,
    baseUrl,
    connector,
    tenantId: DEMO_TENANT_ID,
    get now() {
      return clock.now;
    },
    set now(value: number) {
      clock.now = value;
      connector.now = value;
    },
    post: (activity) =>
      fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      }),
    async api(userId, method, path, body) {
      return fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await tokenFor(userId)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async close() {
      await app.close();
      await connector.close();
    },
  };
  connector.now = startMs;
  return harness;
}

/** Waits until `check` holds (background deliveries), or fails after `timeoutMs`. */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
