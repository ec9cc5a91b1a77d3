// Starts a server as a child process on a free loopback port and stops it again, so the load a
// bench generates never shares the server's event loop. Used for the real api, and for the bare
// Fastify route and the durable floor that the mark-ingest figure is compared with.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const API_ENTRY = path.join(REPO_DIR, 'api/src/server.ts');
const BARE_ENTRY = path.join(REPO_DIR, 'tests/bench/support/bare-marks-server.ts');
const DURABLE_ENTRY = path.join(REPO_DIR, 'tests/bench/support/durable-marks-server.ts');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const KEPT_OUTPUT_CHARS = 4_000;

export interface ChildServer {
  readonly baseUrl: string;
  /** The process id, e.g. to read its CPU time from /proc. */
  readonly pid: number | undefined;
  /** Ends the process (SIGTERM, then SIGKILL if it lingers); safe to call twice. */
  stop(): Promise<void>;
}

/** The env every bench server gets: loopback only, dev auth, quiet logs, no rate limit in the way. */
export function createBenchServerEnv(port: number, sqlitePath: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    AUTH_MODE: 'dev',
    STORE: 'sqlite',
    SQLITE_PATH: sqlitePath,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
}

/** The real api (api/src/server.ts) on the embedded store in `sqlitePath`. */
export async function spawnApiServer(
  sqlitePath: string,
  /** Extra node flags, e.g. `--cpu-prof` while looking for where the time goes. */
  nodeArgs: readonly string[] = [],
): Promise<ChildServer> {
  const port = await findFreePort();
  return spawnNodeServer(
    API_ENTRY,
    port,
    createBenchServerEnv(port, sqlitePath),
    '/api/health',
    nodeArgs,
  );
}

/** A plain Fastify instance with one marks route and nothing else (bare-marks-server.ts). */
export async function spawnBareMarksServer(): Promise<ChildServer> {
  const port = await findFreePort();
  return spawnNodeServer(BARE_ENTRY, port, { HOST: '127.0.0.1', PORT: String(port) }, '/health');
}

/** The bare route plus a durable write of each batch to the embedded store (durable-marks-server.ts). */
export async function spawnDurableMarksServer(sqlitePath: string): Promise<ChildServer> {
  const port = await findFreePort();
  const env = { HOST: '127.0.0.1', PORT: String(port), SQLITE_PATH: sqlitePath };
  return spawnNodeServer(DURABLE_ENTRY, port, env, '/health');
}

/** A port nothing listens on right now: the OS picks it, and we hand it to the child. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('the port probe has no address'));
      });
    });
  });
}

async function spawnNodeServer(
  entry: string,
  port: number,
  env: Record<string, string>,
  readyPath: string,
  nodeArgs: readonly string[] = [],
): Promise<ChildServer> {
  // Like `npm start` in development: TypeScript sources through tsx, workspaces by their source.
  const args = [...nodeArgs, '--import', 'tsx', '--conditions=source', entry];
  const child = spawn(process.execPath, args, {
    cwd: REPO_DIR,
    env: { ...pickInheritedEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keepOutput = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keepOutput);
  child.stderr.on('data', keepOutput);
  // Should the bench die before its cleanup runs, the server still goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ChildServer = {
    baseUrl,
    pid: child.pid,
    async stop() {
      await stopChild(child);
      process.removeListener('exit', killOnExit);
    },
  };
  try {
    await waitUntilReady(child, `${baseUrl}${readyPath}`, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilReady(
  child: ChildProcess,
  url: string,
  readOutput: () => string,
): Promise<void> {
  const deadlineMs = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadlineMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before it was ready:\n${readOutput()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch (error) {
      // Not listening yet: connection refused until the app is built. Anything else is real.
      if (!isConnectionRefused(error)) throw error;
    }
    await sleep(100);
  }
  throw new Error(`the server was not ready within ${START_TIMEOUT_MS} ms:\n${readOutput()}`);
}

/** Only what the child needs to run, so nothing from the caller's shell changes its config. */
function pickInheritedEnv(): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  return inherited;
}

function isConnectionRefused(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return (
    cause?.code === 'ECONNREFUSED' || (error instanceof Error && error.name === 'TimeoutError')
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
