import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { openDocumentStore } from '../store/open-document-store.js';
import type { DocumentStore } from '../store/port.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: DocumentStore;
  }
}

export interface StorePluginOptions {
  readonly config: Config;
  /** A store opened by the caller (tests, benches); it is still closed with the app. */
  readonly store?: DocumentStore;
}

/** Opens the configured store and closes it with the app (the Cosmos client or the SQLite file). */
export const storePlugin = fp(
  async (fastify: FastifyInstance, options: StorePluginOptions) => {
    const store =
      options.store ??
      (await openDocumentStore(options.config.store, options.config.retentionDays));
    fastify.decorate('store', store);
    fastify.addHook('onClose', async () => {
      await store.close();
    });
  },
  { name: 'store' },
);
