import {
  buildPanelDeepLink,
  createCompanion,
  describeError,
  loadTeamsBot,
  type BotHttpResponse,
  type BotLogger,
  type Companion,
  type Messenger,
  type TeamsBot,
  type TranscriptSource,
} from '@grow-together/bot';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { appError } from '../errors.js';
import { registerFeedbackDelivery } from '../people/feedback.js';
import type { SessionDeps } from '../sessions/deps.js';
import { createCompanionStore } from './companion-store.js';
import { createGraphTokenSource, createGraphTranscriptSource } from './graph-transcripts.js';

// The companion bot at POST /api/messages, on the same origin as the panel and the API. The
// route has its own authentication: botbuilder's CloudAdapter verifies the Bot Framework JWT on
// every request when MICROSOFT_APP_ID is set. Without a registration, only dev mode answers
// (unauthenticated, for local runs and the tests); any other mode refuses every request.

declare module 'fastify' {
  interface FastifyInstance {
    companion: Companion;
  }
}

export interface BotPluginOptions {
  /** A transcript source made by the caller (tests: Graph's client pointed at a stand-in). */
  readonly transcripts?: TranscriptSource | null;
  /** The clock of the bot's own decisions (tests move it through a week). */
  readonly readNowMs?: () => number;
  /** Overrides the configured nudge interval; 0 never runs the scheduler on its own. */
  readonly nudgeIntervalMs?: number;
}

export const botPlugin = fp(
  async (fastify: FastifyInstance, options: BotPluginOptions) => {
    const { config } = fastify;
    const readNowMs = options.readNowMs ?? Date.now;
    const deps: SessionDeps = {
      store: fastify.store,
      liveSync: fastify.liveSync,
      log: fastify.log,
      readNowMs,
    };
    const port = createCompanionStore({ deps });
    const log = toBotLogger(fastify.log.child({ component: 'bot' }));
    // botbuilder and teams-ai load on first use (a request, a proactive send): seconds saved for
    // every server, and every test, that never meets the bot. Production loads them at start-up.
    let teamsBot: Promise<TeamsBot> | null = null;
    const useTeamsBot = (): Promise<TeamsBot> => {
      teamsBot ??= loadTeamsBot({
        credentials:
          config.bot === null
            ? null
            : {
                appId: config.bot.appId,
                appPassword: config.bot.appPassword,
                tenantId: config.bot.tenantId,
              },
        log,
      }).then((bot) => {
        bot.useHandlers(companion.handlers);
        return bot;
      });
      return teamsBot;
    };
    const messenger: Messenger = {
      send: async (reference, message) => (await useTeamsBot()).messenger.send(reference, message),
      openPersonalConversation: async (contact) =>
        (await useTeamsBot()).messenger.openPersonalConversation(contact),
    };
    const companion = createCompanion({
      port,
      messenger,
      transcripts: options.transcripts ?? createConfiguredTranscripts(fastify),
      readNowMs,
      panelUrlFor: (chatId) =>
        buildPanelDeepLink({
          teamsAppId: config.companion.teamsAppId,
          publicUrl: config.publicUrl,
          chatId,
        }),
      log,
    });
    if (config.environment === 'production') {
      fastify.addHook('onReady', async () => {
        await useTeamsBot();
      });
    }
    fastify.decorate('companion', companion);

    // Background work (a delivery, a scheduler run) is awaited before the store closes.
    const running = new Set<Promise<unknown>>();
    const runInBackground = (work: () => Promise<unknown>, what: string) => {
      const task = work()
        .catch((error: unknown) => {
          fastify.log.error({ err: describeError(error) }, `the bot's ${what} failed`);
        })
        .finally(() => running.delete(task));
      running.add(task);
    };

    registerFeedbackDelivery(fastify.store, async (feedback) => {
      await port.queueFeedback(feedback);
      runInBackground(() => companion.deliverPendingFeedback(), 'feedback delivery');
    });

    const intervalMs = options.nudgeIntervalMs ?? config.companion.nudgeIntervalMs;
    let timer: NodeJS.Timeout | null = null;
    if (intervalMs > 0) {
      let isRunning = false;
      timer = setInterval(() => {
        if (isRunning) return;
        isRunning = true;
        runInBackground(
          () => companion.runScheduledWork(readNowMs()).finally(() => (isRunning = false)),
          'scheduled run',
        );
      }, intervalMs);
      timer.unref();
    }
    fastify.addHook('preClose', async () => {
      if (timer !== null) clearInterval(timer);
      await Promise.allSettled([...running]);
    });

    const isRefusingAll = config.bot === null && !config.auth.devMode;
    if (isRefusingAll) {
      fastify.log.warn('MICROSOFT_APP_ID is not set: the bot endpoint refuses every request');
    }

    fastify.post(
      '/api/messages',
      {
        schema: {
          // Bot Framework's endpoint, not part of the API's own surface.
          hide: true,
          body: Type.Object({ type: Type.String() }, { additionalProperties: true }),
        },
        // Teams calls from a few addresses with one token at a time; a busy bot must not be throttled.
        config: { rateLimit: { max: config.rateLimitPerMinute * 20, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        if (isRefusingAll) {
          throw appError(
            'UNAUTHENTICATED',
            'The bot is not registered here: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD.',
          );
        }
        const response = createResponseRecorder(request.raw.socket);
        await (
          await useTeamsBot()
        ).process(
          { body: request.body, headers: request.headers, method: request.method },
          response,
        );
        const { statusCode, body } = response.recorded();
        if (statusCode === 401 || statusCode === 403) {
          throw appError('UNAUTHENTICATED', 'A valid Bot Framework token is required.');
        }
        if (statusCode === 400) {
          throw appError('VALIDATION_FAILED', 'The body is not a Bot Framework activity.');
        }
        if (statusCode >= 500) throw new Error(`the bot adapter answered ${statusCode}`);
        if (body === undefined) return reply.code(statusCode).send();
        return reply.code(statusCode).send(body);
      },
    );
  },
  { name: 'bot', dependencies: ['store', 'live-sync'] },
);

function createConfiguredTranscripts(fastify: FastifyInstance): TranscriptSource | null {
  const { bot, companion } = fastify.config;
  if (companion.graphTranscripts === null || bot === null) return null;
  return createGraphTranscriptSource({
    baseUrl: companion.graphTranscripts.baseUrl,
    getAccessToken: createGraphTokenSource({ appId: bot.appId, appPassword: bot.appPassword }),
  });
}

/** What the adapter wrote, replayed through Fastify's reply once the turn is over. */
function createResponseRecorder(socket: unknown): BotHttpResponse & {
  recorded(): { statusCode: number; body: unknown };
} {
  let statusCode = 200;
  let body: unknown;
  return {
    socket,
    status(code: number) {
      statusCode = code;
    },
    header() {
      // Fastify sets its own headers; the adapter's User-Agent header is not needed on a reply.
    },
    send(value?: unknown) {
      body = value;
    },
    end() {
      // The reply is sent by the route once `process` returns.
    },
    recorded: () => ({ statusCode, body }),
  };
}

function toBotLogger(log: FastifyBaseLogger): BotLogger {
  return {
    info: (details, message) => log.info(details, message),
    warn: (details, message) => log.warn(details, message),
    error: (details, message) => log.error(details, message),
  };
}
