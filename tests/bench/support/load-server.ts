// The api for the load bench: api/src/server.ts as its own process (so the bench's 1,200 streams
// never share its event loop) on a free loopback port and a SQLite file, with the process id at
// hand so its memory can be read from /proc as well as asked of the server.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBenchServerEnv, findFreePort, REPO_DIR, sleep } from './child-server.js';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const KEPT_OUTPUT_CHARS = 4_000;

export interface LoadServer {
  readonly baseUrl: string;
  readonly pid: number;
  /** The server process's resident set size, from /proc/<pid>/status (VmRSS). */
  readRssBytes(): Promise<number>;
  /** GET /api/dev/metrics: memory and event-loop delay as the process sees them (dev mode only). */
  readMetrics(): Promise<DevMetrics>;
  /** POST /api/dev/metrics/reset: a new event-loop delay window begins. */
  resetMetrics(): Promise<DevMetrics>;
  /** Set when the process exited before stop() was called. */
  readonly exit: () => string | null;
  stop(): Promise<void>;
}

/** The body of /api/dev/metrics (api/src/routes/dev-metrics.ts). */
export interface DevMetrics {
  readonly memory: {
    readonly rssBytes: number;
    readonly heapUsedBytes: number;
    readonly heapTotalBytes: number;
    readonly externalBytes: number;
  };
  readonly eventLoopDelay: {
    readonly sinceMs: number;
    readonly samples: number;
    readonly minMs: number;
    readonly meanMs: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
  };
  readonly uptimeSeconds: number;
}

export async function startLoadServer(sqlitePath: string): Promise<LoadServer> {
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', path.join(REPO_DIR, 'api/src/server.ts')],
    {
      cwd: REPO_DIR,
      env: { PATH: process.env['PATH'] ?? '', ...createBenchServerEnv(port, sqlitePath) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keepOutput = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keepOutput);
  child.stderr.on('data', keepOutput);
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = `${signal ?? `exit code ${code}`}; its last words:\n${output}`;
      resolve();
    }),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const askMetrics = async (method: 'GET' | 'POST', route: string): Promise<DevMetrics> => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text) as DevMetrics;
  };

  try {
    await waitUntilHealthy(`${baseUrl}/api/health`, () => exit);
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  return {
    baseUrl,
    pid,
    readRssBytes: () => readRssBytes(pid),
    readMetrics: () => askMetrics('GET', '/api/dev/metrics'),
    resetMetrics: () => askMetrics('POST', '/api/dev/metrics/reset'),
    exit: () => exit,
    stop,
  };
}

async function waitUntilHealthy(url: string, readExit: () => string | null): Promise<void> {
  const deadlineMs = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadlineMs) {
    const exit = readExit();
    if (exit !== null) throw new Error(`the server exited before it was ready: ${exit}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch (error) {
      // Refused or no answer yet while the app is built; the deadline bounds the wait.
      if (!(error instanceof Error)) throw error;
    }
    await sleep(200);
  }
  throw new Error(`the server was not healthy within ${START_TIMEOUT_MS} ms`);
}

async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(kilobytes) * 1024;
}
