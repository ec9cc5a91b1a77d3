import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readSessionView } from '../sessions/session-store.js';
import { createLiveSync, type LiveSync } from './live-sync.js';

declare module 'fastify' {
  interface FastifyInstance {
    liveSync: LiveSync;
  }
}

export interface LiveSyncPluginOptions {
  readonly pollIntervalMs?: number;
}

/**
 * Live sync as a named service: routes that save a session publish through it, the stream route
 * subscribes. Open streams are ended before the server closes, or they would hold it open.
 */
export const liveSyncPlugin = fp(
  async (fastify: FastifyInstance, options: LiveSyncPluginOptions) => {
    const liveSync = createLiveSync({
      store: fastify.store,
      readSession: (circleId, sessionId) => readSessionView(fastify.store, circleId, sessionId),
      log: fastify.log,
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    });
    fastify.decorate('liveSync', liveSync);
    fastify.addHook('preClose', async () => {
      await liveSync.close();
    });
  },
  { name: 'live-sync', dependencies: ['store'] },
);
