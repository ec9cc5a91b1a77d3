// The real app (buildApp) in this process, on a store the bench hands in, listening on loopback:
// for figures that need to see inside the server, such as counting the store's writes.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../api/src/app.js';
import { loadConfig } from '../../../api/src/config.js';
import type { DocumentStore } from '../../../api/src/store/port.js';

export interface InProcessApi {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  /** Closes the app, and with it the store it was given. */
  close(): Promise<void>;
}

export async function startInProcessApi(store: DocumentStore): Promise<InProcessApi> {
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    AUTH_MODE: 'dev',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await buildApp({ config, store });
  const address = await app.listen({ host: config.host, port: 0 });
  return { app, baseUrl: address, close: () => app.close() };
}
