// The servers the benches measure, each as its own process (tests/support/server-process.ts), so
// the load a bench generates never shares the server's event loop: the real api, and the bare
// Fastify route and the durable floor that the mark-ingest figure is compared with.
import path from 'node:path';
import { REPO_DIR, startServerProcess, type ServerProcess } from '../../support/server-process.js';

const BARE_ENTRY = path.join(REPO_DIR, 'tests/bench/support/bare-marks-server.ts');
const DURABLE_ENTRY = path.join(REPO_DIR, 'tests/bench/support/durable-marks-server.ts');

export type ChildServer = ServerProcess;

/** The env every bench api gets: loopback only, dev auth, quiet logs, no rate limit in the way. */
export function createBenchServerEnv(sqlitePath: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    AUTH_MODE: 'dev',
    STORE: 'sqlite',
    SQLITE_PATH: sqlitePath,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
}

/** The real api (api/src/server.ts) on the embedded store in `sqlitePath`. */
export function spawnApiServer(
  sqlitePath: string,
  /** Extra node flags, e.g. `--cpu-prof` while looking for where the time goes. */
  nodeArgs: readonly string[] = [],
): Promise<ChildServer> {
  return startServerProcess({ env: createBenchServerEnv(sqlitePath), nodeArgs });
}

/** A plain Fastify instance with one marks route and nothing else (bare-marks-server.ts). */
export function spawnBareMarksServer(): Promise<ChildServer> {
  return startServerProcess({ entry: BARE_ENTRY, env: { HOST: '127.0.0.1', PORT: '0' } });
}

/** The bare route plus a durable write of each batch to the embedded store (durable-marks-server.ts). */
export function spawnDurableMarksServer(sqlitePath: string): Promise<ChildServer> {
  return startServerProcess({
    entry: DURABLE_ENTRY,
    env: { HOST: '127.0.0.1', PORT: '0', SQLITE_PATH: sqlitePath },
  });
}
