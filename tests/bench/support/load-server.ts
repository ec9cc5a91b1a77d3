// The api for the load bench: api/src/server.ts as its own process (so the bench's 1,200 streams
// never share its event loop) on a loopback port and a SQLite file, with the process id at hand so
// its memory can be read from /proc as well as asked of the server.
import { readFile } from 'node:fs/promises';
import { startServerProcess } from '../../support/server-process.js';
import { createBenchServerEnv } from './child-server.js';

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
  const server = await startServerProcess({ env: createBenchServerEnv(sqlitePath) });
  const { baseUrl, pid } = server;
  const askMetrics = async (method: 'GET' | 'POST', route: string): Promise<DevMetrics> => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text) as DevMetrics;
  };
  return {
    baseUrl,
    pid,
    readRssBytes: () => readRssBytes(pid),
    readMetrics: () => askMetrics('GET', '/api/dev/metrics'),
    resetMetrics: () => askMetrics('POST', '/api/dev/metrics/reset'),
    exit: () => {
      const exit = server.describeExit();
      return exit === null ? null : `${exit}; its last words:\n${server.readOutput()}`;
    },
    stop: () => server.stop(),
  };
}

async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(kilobytes) * 1024;
}
