// Figure 1 of `npm run bench:api`: how many batches of 20 marks a second the api stores, and the
// p99 latency, against a bare Fastify route measured the same way in the same run (the machine is
// shared and noisy, so the ratio is the figure that travels).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  createApiClient,
  createCircle,
  findRoleHolder,
  mapInParallel,
  startSession,
} from './support/api-client.js';
import { spawnApiServer, spawnBareMarksServer, type ChildServer } from './support/child-server.js';
import { createTapBatch } from './support/mark-batches.js';
import { formatVerdict } from './support/stats.js';

const MARKS_PER_BATCH = 20;
const CONNECTIONS = 10;
const WARM_UP_SECONDS = 2;
/**
 * The two servers take turns, a slice each, so load from others on the shared machine falls on
 * both alike rather than on whichever ran during it.
 */
const SLICE_SECONDS = 5;
const SLICES_EACH = 2;
const TARGET_RATIO = 0.4;
const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'] as const;
/**
 * Batches are spread over this many live sessions, as they are in production (each panel flushes
 * every 20 s or so). Every batch is checked against the session's earlier marks, so a single
 * session taking ten thousand batches would measure a meeting that cannot happen.
 */
const SESSION_COUNT = 60;

interface IngestTarget {
  readonly path: string;
  readonly authorization: string;
  readonly speakers: readonly (string | null)[];
}

export interface IngestRun {
  readonly requestsPerSecond: number;
  /** The worst slice's p99. */
  readonly p99Ms: number;
  readonly requests: number;
  readonly seconds: number;
  readonly failures: number;
}

export interface MarkIngestFigure {
  readonly api: IngestRun;
  readonly bare: IngestRun;
  readonly ratio: number;
  readonly isMet: boolean;
  readonly bodyBytes: number;
  readonly report: string;
}

export async function measureMarkIngest(): Promise<MarkIngestFigure> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-api-ingest-'));
  const servers: ChildServer[] = [];
  try {
    const apiServer = await spawnApiServer(path.join(dataDir, 'ingest.db'));
    servers.push(apiServer);
    const targets = await prepareTargets(apiServer.baseUrl);
    const bareServer = await spawnBareMarksServer();
    servers.push(bareServer);

    const apiWarmUp = await runLoad(apiServer.baseUrl, targets, WARM_UP_SECONDS);
    await runLoad(bareServer.baseUrl, targets, WARM_UP_SECONDS);
    const apiSlices: IngestRun[] = [];
    const bareSlices: IngestRun[] = [];
    for (let slice = 0; slice < SLICES_EACH; slice += 1) {
      bareSlices.push(await runLoad(bareServer.baseUrl, targets, SLICE_SECONDS));
      apiSlices.push(await runLoad(apiServer.baseUrl, targets, SLICE_SECONDS));
    }
    const api = combineRuns(apiSlices);
    const bare = combineRuns(bareSlices);

    const ratio = api.requestsPerSecond / bare.requestsPerSecond;
    const isMet = ratio >= TARGET_RATIO && api.failures === 0 && bare.failures === 0;
    const bodyBytes = Buffer.byteLength(
      JSON.stringify(createTapBatch('b0', 0, MARKS_PER_BATCH, [null])),
    );
    const batchesPerSession = Math.round((apiWarmUp.requests + api.requests) / SESSION_COUNT);
    const report = [
      `1. Mark ingest: POST …/marks, ${MARKS_PER_BATCH} marks a batch (~${bodyBytes} B), ` +
        `${CONNECTIONS} connections, ${SLICES_EACH}×${SLICE_SECONDS} s each, taking turns, after ` +
        `${WARM_UP_SECONDS} s warm-up, ${SESSION_COUNT} live sessions, SQLite file`,
      `   api        ${formatRun(api)}`,
      `   bare route ${formatRun(bare)}`,
      `   (each api session ended up holding about ${batchesPerSession} batches; a real 30-minute ` +
        `session sends under 100, figure 2)`,
      `   api / bare = ${(ratio * 100).toFixed(0)}% of bare, target ≥ ${TARGET_RATIO * 100}%: ${formatVerdict(isMet)}`,
    ].join('\n');
    return { api, bare, ratio, isMet, bodyBytes, report };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

function formatRun(run: IngestRun): string {
  const failures = run.failures === 0 ? '' : `, ${run.failures} FAILED`;
  return (
    `${run.requestsPerSecond.toFixed(0).padStart(6)} req/s, p99 ${run.p99Ms.toFixed(0).padStart(3)} ms ` +
    `(${run.requests} requests${failures})`
  );
}

/** Trio circles with a session each, seen from the observer's panel. */
async function prepareTargets(baseUrl: string): Promise<IngestTarget[]> {
  const client = createApiClient(baseUrl);
  const slots = Array.from({ length: SESSION_COUNT }, (_, index) => index);
  return mapInParallel(slots, 4, async () => {
    const session = await startSession(client, await createCircle(client, TRIO));
    const observer = findRoleHolder(session.view, 'observer');
    const { authorization } = await client.authorize(observer);
    return {
      path: `${session.path}/marks`,
      authorization,
      speakers: [...TRIO, null],
    };
  });
}

/** One autocannon run; every request carries a new batch (new batch id, new mark ids). */
async function runLoad(
  baseUrl: string,
  targets: readonly IngestTarget[],
  durationSeconds: number,
): Promise<IngestRun> {
  const runId = randomUUID().slice(0, 8);
  const firstAtMs = Date.now();
  let sent = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: durationSeconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const target = targets[sent % targets.length];
          if (target === undefined) throw new Error('no session to send marks to');
          const batch = createTapBatch(
            `${runId}-${sent}`,
            firstAtMs + sent * MARKS_PER_BATCH * 1_000,
            MARKS_PER_BATCH,
            target.speakers,
          );
          sent += 1;
          return {
            ...request,
            path: target.path,
            headers: {
              ...request.headers,
              'content-type': 'application/json',
              authorization: target.authorization,
            },
            body: JSON.stringify(batch),
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    seconds: result.duration,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

function combineRuns(runs: readonly IngestRun[]): IngestRun {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    requestsPerSecond: requests / seconds,
    p99Ms: Math.max(...runs.map((run) => run.p99Ms)),
    requests,
    seconds,
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}
