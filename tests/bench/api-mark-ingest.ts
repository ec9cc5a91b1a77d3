// Figure 1 of `npm run bench:api`: how many batches of 20 marks a second the api stores, and the
// p99 latency, against a bare Fastify route measured the same way in the same run (the machine is
// shared and noisy, so the ratio is the figure that travels). A third server, the durable floor,
// shows how much of the gap is storing the batch at all and how much is the app.
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
import {
  spawnApiServer,
  spawnBareMarksServer,
  spawnDurableMarksServer,
  type ChildServer,
} from './support/child-server.js';
import { readProcessCpu, type ServerCpu } from './support/process-cpu.js';
import { formatTapBatchJson } from './support/mark-batches.js';
import { formatVerdict } from './support/stats.js';

const MARKS_PER_BATCH = 20;
/**
 * Every server gets the same 50 connections. The route answers only once the batch is durable
 * (an fsync), so with a handful of clients that each wait for their answer before sending again,
 * the figure measures the disk's fsync latency, not what the server can take. A server's real load
 * is many panels (observers of many meetings) flushing independently, so batches overlap and
 * share a commit; 50 connections give that overlap. The bare route and the durable floor get the same.
 */
const CONNECTIONS = 50;
const WARM_UP_SECONDS = 2;
/**
 * The servers take turns, a slice each, so load from others on the shared machine falls on
 * all alike rather than on whichever ran during it.
 */
const SLICE_SECONDS = 5;
const SLICES_EACH = 2;
const TARGET_RATIO = 0.4;
const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'] as const;
/**
 * Batches are spread over this many live sessions at a time, as they are in production (each
 * panel flushes every 20 s or so). Every batch is checked against the session's earlier marks, so
 * a single session taking ten thousand batches would measure a meeting that cannot happen.
 */
const LIVE_SESSIONS = 60;
/**
 * A session takes this many batches, then makes way for a new one (a real 30-minute session
 * sends under 100, figure 2): sessions end and others start, as on a server that runs all day.
 * Without it, sessions would pile up marks no meeting has, and the server's per-instance mark
 * index (bounded, mark-index.ts) would measure its eviction instead of the route.
 */
const BATCHES_PER_SESSION = 90;
/** Sessions prepared beyond the first live ones; when they run out, the first ones come again. */
const SESSION_GENERATIONS = 10;

interface IngestTarget {
  readonly path: string;
  /** The request's headers, made once: the same for every batch to this session. */
  readonly headers: Readonly<Record<string, string>>;
  readonly speakers: readonly (string | null)[];
}

export interface IngestRun {
  readonly requestsPerSecond: number;
  /** The worst slice's p99. */
  readonly p99Ms: number;
  readonly requests: number;
  readonly seconds: number;
  readonly failures: number;
  /** The server's CPU time per request, from /proc (Linux); null where it cannot be read. */
  readonly cpuPerRequest: ServerCpu | null;
}

export interface MarkIngestFigure {
  readonly api: IngestRun;
  readonly bare: IngestRun;
  /** The bare route plus a durable write of each batch (durable-marks-server.ts). */
  readonly durable: IngestRun;
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
    const durableServer = await spawnDurableMarksServer(path.join(dataDir, 'durable.db'));
    servers.push(durableServer);
    // Each server goes through the sessions in the same order, from run to run.
    const apiLoad = createLoadPlan(apiServer, targets);
    const bareLoad = createLoadPlan(bareServer, targets);
    const durableLoad = createLoadPlan(durableServer, targets);
    const plans = [bareLoad, durableLoad, apiLoad];

    for (const plan of plans) await runLoad(plan, WARM_UP_SECONDS);
    const slices = new Map<LoadPlan, IngestRun[]>(plans.map((plan) => [plan, []]));
    for (let slice = 0; slice < SLICES_EACH; slice += 1) {
      for (const plan of plans) slices.get(plan)?.push(await runLoad(plan, SLICE_SECONDS));
    }
    const [bare, durable, api] = plans.map((plan) => combineRuns(slices.get(plan) ?? [])) as [
      IngestRun,
      IngestRun,
      IngestRun,
    ];

    const ratio = api.requestsPerSecond / bare.requestsPerSecond;
    const isMet = ratio >= TARGET_RATIO && [api, bare, durable].every((run) => run.failures === 0);
    const bodyBytes = Buffer.byteLength(formatTapBatchJson('b0', 0, MARKS_PER_BATCH, [null]));
    const sessionsUsed = Math.min(
      targets.length,
      LIVE_SESSIONS * Math.ceil(apiLoad.sent / (LIVE_SESSIONS * BATCHES_PER_SESSION)),
    );
    const batchesPerSession = Math.round(apiLoad.sent / sessionsUsed);
    const percentOf = (run: IngestRun, base: IngestRun) =>
      `${((run.requestsPerSecond / base.requestsPerSecond) * 100).toFixed(0)}%`;
    const report = [
      `1. Mark ingest: POST …/marks, ${MARKS_PER_BATCH} marks a batch (~${bodyBytes} B), ` +
        `${CONNECTIONS} connections for every server (many panels flushing at once; an answer ` +
        `waits for its fsync), ${SLICES_EACH}×${SLICE_SECONDS} s each, taking turns, after ` +
        `${WARM_UP_SECONDS} s warm-up, ${LIVE_SESSIONS} live sessions at a time, SQLite file`,
      `   api           ${formatRun(api)}`,
      `   bare route    ${formatRun(bare)}`,
      `   durable floor ${formatRun(durable)}`,
      `   (the durable floor is the bare route plus storing each batch through the same embedded ` +
        `store, nothing else: no auth, schema or rules)`,
      `   (${sessionsUsed} api sessions took about ${batchesPerSession} batches each, ` +
        `${BATCHES_PER_SESSION} at most before the next ones; a real 30-minute session sends ` +
        `under 100, figure 2)`,
      `   durable floor / bare = ${percentOf(durable, bare)}; api / durable floor = ` +
        `${percentOf(api, durable)}`,
      `   api / bare = ${(ratio * 100).toFixed(0)}% of bare, target ≥ ${TARGET_RATIO * 100}%: ${formatVerdict(isMet)}`,
    ].join('\n');
    return { api, bare, durable, ratio, isMet, bodyBytes, report };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

function formatRun(run: IngestRun): string {
  const failures = run.failures === 0 ? '' : `, ${run.failures} FAILED`;
  const cpu =
    run.cpuPerRequest === null
      ? ''
      : `; server CPU ${run.cpuPerRequest.mainThreadUs.toFixed(0)} µs a request on the main ` +
        `thread, ${run.cpuPerRequest.allThreadsUs.toFixed(0)} µs in all`;
  return (
    `${run.requestsPerSecond.toFixed(0).padStart(6)} req/s, p99 ${run.p99Ms.toFixed(0).padStart(3)} ms ` +
    `(${run.requests} requests${failures}${cpu})`
  );
}

/**
 * Trio circles, each with a session per generation (one meeting occurrence after another), seen
 * from the observer's panel; ordered generation by generation.
 */
async function prepareTargets(baseUrl: string): Promise<IngestTarget[]> {
  const client = createApiClient(baseUrl);
  const slots = Array.from({ length: LIVE_SESSIONS }, (_, index) => index);
  const byCircle = await mapInParallel(slots, 4, async () => {
    const circle = await createCircle(client, TRIO);
    const sessions: IngestTarget[] = [];
    for (let generation = 0; generation < SESSION_GENERATIONS; generation += 1) {
      const session = await startSession(client, circle);
      const observer = findRoleHolder(session.view, 'observer');
      const { authorization } = await client.authorize(observer);
      sessions.push({
        path: `${session.path}/marks`,
        headers: { 'content-type': 'application/json', authorization },
        speakers: [...TRIO, null],
      });
    }
    return sessions;
  });
  return Array.from({ length: SESSION_GENERATIONS }, (_, generation) =>
    byCircle.map((sessions) => sessions[generation] as IngestTarget),
  ).flat();
}

interface LoadPlan {
  readonly server: ChildServer;
  /** Batches sent so far, over every run. */
  sent: number;
  /** The session the next batch goes to. */
  nextTarget(): IngestTarget;
}

/** Round robin over the live sessions; every BATCHES_PER_SESSION rounds, the next generation. */
function createLoadPlan(server: ChildServer, targets: readonly IngestTarget[]): LoadPlan {
  const plan: LoadPlan = {
    server,
    sent: 0,
    nextTarget() {
      const generation = Math.floor(plan.sent / (LIVE_SESSIONS * BATCHES_PER_SESSION));
      const index = (generation * LIVE_SESSIONS + (plan.sent % LIVE_SESSIONS)) % targets.length;
      const target = targets[index];
      if (target === undefined) throw new Error('no session to send marks to');
      return target;
    },
  };
  return plan;
}

/** One autocannon run; every request carries a new batch (new batch id, new mark ids). */
async function runLoad(plan: LoadPlan, durationSeconds: number): Promise<IngestRun> {
  const runId = randomUUID().slice(0, 8);
  const firstAtMs = Date.now();
  let sent = 0;
  const cpuBefore = await readProcessCpu(plan.server.pid);
  const result = await autocannon({
    url: plan.server.baseUrl,
    connections: CONNECTIONS,
    duration: durationSeconds,
    requests: [
      {
        method: 'POST',
        // Kept cheap (no objects, no JSON.stringify): it runs on the cores the server uses.
        setupRequest: (request) => {
          const target = plan.nextTarget();
          const body = formatTapBatchJson(
            `${runId}-${sent}`,
            firstAtMs + sent * MARKS_PER_BATCH * 1_000,
            MARKS_PER_BATCH,
            target.speakers,
          );
          sent += 1;
          plan.sent += 1;
          return { ...request, path: target.path, headers: target.headers, body };
        },
      },
    ],
  });
  const cpuAfter = await readProcessCpu(plan.server.pid);
  const requests = result.requests.total;
  return {
    requestsPerSecond: requests / result.duration,
    p99Ms: result.latency.p99,
    requests,
    seconds: result.duration,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuPerRequest:
      cpuBefore === null || cpuAfter === null || requests === 0
        ? null
        : {
            mainThreadUs: ((cpuAfter.mainThreadMs - cpuBefore.mainThreadMs) * 1_000) / requests,
            allThreadsUs: ((cpuAfter.allThreadsMs - cpuBefore.allThreadsMs) * 1_000) / requests,
          },
  };
}

function combineRuns(runs: readonly IngestRun[]): IngestRun {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const measured = runs.flatMap((run) => (run.cpuPerRequest === null ? [] : [run]));
  // Weighted by requests, so the figure is CPU time over requests for the slices together.
  const averageCpu = (pick: (cpu: ServerCpu) => number) =>
    measured.reduce((sum, run) => sum + pick(run.cpuPerRequest as ServerCpu) * run.requests, 0) /
    measured.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    requestsPerSecond: requests / seconds,
    p99Ms: Math.max(...runs.map((run) => run.p99Ms)),
    requests,
    seconds,
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    cpuPerRequest:
      measured.length === runs.length && runs.length > 0
        ? {
            mainThreadUs: averageCpu((cpu) => cpu.mainThreadUs),
            allThreadsUs: averageCpu((cpu) => cpu.allThreadsUs),
          }
        : null,
  };
}
