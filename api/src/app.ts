import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin } from './auth/auth-plugin.js';
import { botPlugin, type BotPluginOptions } from './bot/bot-plugin.js';
import type { Config } from './config.js';
import { liveSyncPlugin } from './live/live-sync-plugin.js';
import { docsPlugin } from './plugins/docs.js';
import { errorHandlerPlugin, sendFrameworkError } from './plugins/error-handler.js';
import { securityPlugin } from './plugins/security.js';
import { storePlugin } from './plugins/store.js';
import { tabPlugin } from './plugins/tab.js';
import { rosterPlugin } from './roster/roster-plugin.js';
import type { RosterPort } from './roster/roster-port.js';
import { apiRoutes } from './routes/index.js';
import type { DocumentStore } from './store/port.js';

export interface AppOptions {
  readonly config: Config;
  /** A store opened by the caller (tests, benches) instead of the configured one. */
  readonly store?: DocumentStore;
  /** Where log lines go instead of stdout (tests read them to prove what is never logged). */
  readonly logStream?: { write(line: string): void };
  /** The meeting roster instead of the configured one (end-to-end tests' stand-in Bot Connector). */
  readonly roster?: RosterPort;
  /** The bot's clock, transcript source or scheduler interval instead of the configured ones. */
  readonly bot?: BotPluginOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/**
 * Builds the whole app as a plugin tree; server.ts only listens, and tests call `inject` or
 * listen on port 0. One origin serves the tab at `/`, the API at `/api/*` and the bot at
 * `/api/messages`.
 */
export async function buildApp({
  config,
  store,
  logStream,
  roster,
  bot,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Credentials never reach the logs; bodies (notes, transcripts) are never logged at all.
      redact: [
        'req.headers.authorization',
        'req.headers["x-zoom-app-context"]',
        'req.headers.cookie',
      ],
      ...(logStream ? { stream: logStream } : {}),
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.environment === 'production',
    // Ids from the platform's front door when there is one, so logs line up across hops.
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // Room for a meeting key of the 400 characters its schema allows, percent-encoded.
    routerOptions: { maxParamLength: 1_000 },
    frameworkErrors: sendFrameworkError,
  });
  app.decorate('config', config);
  await app.register(errorHandlerPlugin);
  await app.register(securityPlugin, { config });
  await app.register(storePlugin, { config, ...(store ? { store } : {}) });
  await app.register(liveSyncPlugin);
  await app.register(authPlugin, {
    config: config.auth,
    failedSignInsPerMinute: config.rateLimitPerMinute,
    ...pickDevTokenSecret(config),
  });
  await app.register(docsPlugin);
  if (roster) await app.register(rosterPlugin, { roster });
  await app.register(apiRoutes, { prefix: '/api' });
  await app.register(botPlugin, bot ?? {});
  await app.register(tabPlugin, { tabDir: config.tabDir });
  return app;
}

function pickDevTokenSecret(config: Config): { devTokenSecret?: string } {
  const secret = config.auth.devTokenSecret;
  return secret === undefined ? {} : { devTokenSecret: secret };
}
