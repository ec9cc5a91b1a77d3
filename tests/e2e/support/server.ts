import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../api/src/app.js';
import { loadConfig } from '../../../api/src/config.js';
import type { RosterPort } from '../../../api/src/roster/roster-port.js';
import { installServerClock, readRealClock, type ServerClock } from './server-clock.js';
import { ensureTabBuilt } from './tab-build.js';

// The real server for the end-to-end tests: the whole app (buildApp, as `npm start` runs it),
// listening over HTTP on a free loopback port, with dev auth, a throwaway SQLite file and the
// production build of the tab at `/`. It runs in the test's process so that the test can move
// its clock (server-clock.ts); the browser reaches it over real sockets like any other client.

export interface StartServerOptions {
  /** Origins allowed to frame the panel besides Teams' own (DEV_FRAME_ANCESTORS, dev mode only). */
  readonly frameAncestors?: readonly string[];
  /** Also accept Teams SSO tokens: the API's client id and the stand-in signing keys. */
  readonly entra?: { readonly clientId: string; readonly jwksUrl: string };
  /** Who is in which meeting, instead of dev mode's "demo users only" (Teams callers). */
  readonly roster?: RosterPort;
  /**
   * Put the process's `Date.now` under the test's control (default). A second server in the same
   * process leaves it alone.
   */
  readonly controlsClock?: boolean;
}

export interface E2eServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly clock: ServerClock;
  /** A dev bearer token for a demo user (minted by the server's own dev route). */
  tokenFor(userId: string): Promise<string>;
  /** Calls the api as a demo user; throws with the api's message on an error status. */
  call<T>(userId: string, method: string, apiPath: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startE2eServer(options: StartServerOptions = {}): Promise<E2eServer> {
  const tabDir = await ensureTabBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'grow-together-e2e-'));
  const clock = options.controlsClock === false ? readRealClock() : installServerClock();
  let app: FastifyInstance | null = null;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      HOST: '127.0.0.1',
      PORT: '0',
      STORE: 'sqlite',
      SQLITE_PATH: path.join(dataDir, 'e2e.db'),
      TAB_DIR: tabDir,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...(options.frameAncestors ? { DEV_FRAME_ANCESTORS: options.frameAncestors.join(',') } : {}),
      ...(options.entra
        ? { ENTRA_CLIENT_ID: options.entra.clientId, ENTRA_JWKS_URL: options.entra.jwksUrl }
        : {}),
    });
    app = await buildApp({ config, ...(options.roster ? { roster: options.roster } : {}) });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const url = new URL(address).origin.replace('localhost', '127.0.0.1');
    const tokens = new Map<string, string>();
    const tokenFor = async (userId: string): Promise<string> => {
      const known = tokens.get(userId);
      if (known !== undefined) return known;
      const response = await fetch(`${url}/api/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      if (!response.ok) throw new Error(`No dev token for ${userId}: ${await response.text()}`);
      const { token } = (await response.json()) as { token: string };
      tokens.set(userId, token);
      return token;
    };
    const started = app;
    return {
      url,
      app: started,
      clock,
      tokenFor,
      async call<T>(userId: string, method: string, apiPath: string, body?: unknown) {
        const response = await fetch(`${url}${apiPath}`, {
          method,
          headers: {
            authorization: `Bearer ${await tokenFor(userId)}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${method} ${apiPath} → ${response.status}: ${text}`);
        return (text === '' ? undefined : JSON.parse(text)) as T;
      },
      async close() {
        try {
          await started.close();
        } finally {
          clock.restore();
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await app?.close();
    clock.restore();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
