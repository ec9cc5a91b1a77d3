import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
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
    let roster = options.roster;
    if (roster === undefined) {
      // The Bot Connector needs the bot's credentials, which the configuration does not carry
      // yet: until it does, Teams members join by opening a circle's panel only in dev mode.
      if (!fastify.config.auth.devMode) {
        fastify.log.warn('no Teams roster is set up: Teams callers cannot join circles by meeting');
      }
      roster = createRoster({ allowDevCallers: fastify.config.auth.devMode, teams: null });
    }
    fastify.decorate('roster', roster);
  },
  { name: 'roster' },
);
