import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createBotConnectorRoster } from './bot-connector-roster.js';
import { createBotTokenSource } from './bot-token.js';
import { createRoster, type RosterPort } from './roster-port.js';

declare module 'fastify' {
  interface FastifyInstance {
    roster: RosterPort;
  }
}

export interface RosterPluginOptions {
  /** A roster made by the caller (tests with a stand-in Bot Connector, the bot's own). */
  readonly roster?: RosterPort;
}

/** The roster that decides who may join a circle; from the configuration unless one is handed in. */
export const rosterPlugin = fp(
  async (fastify: FastifyInstance, options: RosterPluginOptions) => {
    const { bot, auth } = fastify.config;
    if (options.roster === undefined && bot === null && !auth.devMode) {
      fastify.log.warn(
        'MICROSOFT_APP_ID is not set: Teams callers cannot join circles by their meeting roster',
      );
    }
    const teams =
      bot === null
        ? null
        : createBotConnectorRoster({
            serviceUrl: bot.serviceUrl,
            getAccessToken: createBotTokenSource({
              appId: bot.appId,
              appPassword: bot.appPassword,
              ...(bot.tenantId === null
                ? {}
                : {
                    tokenUrl: `https://login.microsoftonline.com/${bot.tenantId}/oauth2/v2.0/token`,
                  }),
            }),
          });
    fastify.decorate(
      'roster',
      options.roster ?? createRoster({ allowDevCallers: auth.devMode, teams }),
    );
  },
  { name: 'roster' },
);
