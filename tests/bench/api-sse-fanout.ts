// Figure 3 of `npm run bench:api`: how long a command takes to reach every panel watching the
// session, at 100 live sessions with 6 panels each. The api runs as its own process, so the 600
// streams read here never share its event loop. Each round sends one command to every session,
// staggered, and times it from the send to each subscriber's receipt of the event carrying the
// version the command produced.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_USERS } from '../../api/src/auth/dev-tokens.js';
import type { SessionView } from '../../api/src/sessions/model.js';
import {
  createApiClient,
  createCircle,
  findRoleHolder,
  mapInParallel,
  startSession,
  type ApiClient,
  type BenchSession,
} from './support/api-client.js';
import { spawnApiServer, type ChildServer } from './support/child-server.js';
import { openSessionStream, type SessionStream } from './support/session-stream.js';
import { computePercentile, formatVerdict } from './support/stats.js';
import { sleep, withTimeout } from './support/waiting.js';

const SESSION_COUNT = 100;
const MEMBERS = DEMO_USERS.map((user) => user.userId);
const ROUNDS = ['pause', 'resume', 'pause'] as const;
/**
 * One command every 10 ms: 100 a second across the sessions, far above a real meeting's pace (a
 * stage move every few minutes). After the measured rounds, one more round sends all 100 at once,
 * for scale.
 */
const STAGGER_MS = 10;
/** An event not seen this long after its round's last send counts as lost. */
const RECEIPT_TIMEOUT_MS = 5_000;
const OPEN_TIMEOUT_MS = 30_000;
const SETUP_PARALLELISM = 6;
const TARGET_P95_MS = 100;

export interface SseFanOutFigure {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly receipts: number;
  readonly lostEvents: number;
  readonly burstP95Ms: number;
  readonly isMet: boolean;
  readonly report: string;
}

interface LiveSession {
  readonly session: BenchSession;
  readonly coach: string;
  readonly streams: readonly SessionStream[];
  version: number;
}

interface Sent {
  readonly live: LiveSession;
  readonly sentAtMs: number;
  readonly version: number;
}

export async function measureSseFanOut(): Promise<SseFanOutFigure> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-api-sse-'));
  let server: ChildServer | null = null;
  const streams: SessionStream[] = [];
  try {
    server = await spawnApiServer(path.join(dataDir, 'fanout.db'));
    const client = createApiClient(server.baseUrl);
    const setupStartMs = performance.now();
    const lives = await openLiveSessions(client, streams);
    const setupSeconds = (performance.now() - setupStartMs) / 1_000;

    const latenciesMs: number[] = [];
    let lostEvents = 0;
    for (const [round, type] of ROUNDS.entries()) {
      const outcome = await runRound(client, lives, round, type, STAGGER_MS);
      latenciesMs.push(...outcome.latenciesMs);
      lostEvents += outcome.lostEvents;
    }
    const burst = await runRound(client, lives, ROUNDS.length, 'resume', 0);
    const burstP95Ms = computePercentile(burst.latenciesMs, 95);
    const failed = streams.filter((stream) => stream.failure() !== null).length;
    const p50Ms = computePercentile(latenciesMs, 50);
    const p95Ms = computePercentile(latenciesMs, 95);
    const isMet = p95Ms < TARGET_P95_MS && lostEvents === 0;
    const report = [
      `3. SSE fan-out: ${SESSION_COUNT} sessions × ${MEMBERS.length} subscribers (${streams.length} streams, ` +
        `api in its own process, set up in ${setupSeconds.toFixed(0)} s); ${ROUNDS.length} rounds of ` +
        `${ROUNDS.join('/')}, one command every ${STAGGER_MS} ms`,
      `   command sent → event received: p50 ${p50Ms.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms, ` +
        `max ${Math.max(...latenciesMs).toFixed(1)} ms over ${latenciesMs.length} receipts; ` +
        `target p95 < ${TARGET_P95_MS} ms: ${formatVerdict(isMet)}`,
      `   events lost: ${lostEvents}${failed === 0 ? '' : `, streams failed: ${failed}`}`,
      `   for scale, all ${SESSION_COUNT} commands at once: p50 ` +
        `${computePercentile(burst.latenciesMs, 50).toFixed(1)} ms, p95 ${burstP95Ms.toFixed(1)} ms, ` +
        `events lost ${burst.lostEvents}`,
    ].join('\n');
    return { p50Ms, p95Ms, receipts: latenciesMs.length, lostEvents, burstP95Ms, isMet, report };
  } finally {
    for (const stream of streams) stream.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Every session running, with a stream open for each member; the streams are also added to
 * `streams` as they open, so the caller closes them whatever happens.
 */
async function openLiveSessions(
  client: ApiClient,
  streams: SessionStream[],
): Promise<LiveSession[]> {
  const started = await mapInParallel(
    Array.from({ length: SESSION_COUNT }, (_, index) => index),
    SETUP_PARALLELISM,
    () => startRunningSession(client),
  );
  const lives: LiveSession[] = [];
  for (const { session, coach, version } of started) {
    const sessionStreams = await Promise.all(
      MEMBERS.map(async (memberId) =>
        openSessionStream({
          url: `${client.baseUrl}${session.path}/stream`,
          headers: await client.authorize(memberId),
        }),
      ),
    );
    streams.push(...sessionStreams);
    lives.push({ session, coach, streams: sessionStreams, version });
  }
  await withTimeout(
    Promise.all(streams.map((stream) => stream.opened)),
    OPEN_TIMEOUT_MS,
    'the event streams did not all open',
  );
  return lives;
}

/** A GROW circle of all six demo users, its session opened by each, and started by the coach. */
async function startRunningSession(
  client: ApiClient,
): Promise<{ session: BenchSession; coach: string; version: number }> {
  const session = await startSession(client, await createCircle(client, MEMBERS));
  const coach = findRoleHolder(session.view, 'coach');
  const saved = await sendCommand(client, session, coach, 'start', session.view.version);
  return { session, coach, version: saved.version };
}

async function runRound(
  client: ApiClient,
  lives: readonly LiveSession[],
  round: number,
  type: (typeof ROUNDS)[number],
  staggerMs: number,
): Promise<{ latenciesMs: number[]; lostEvents: number }> {
  const sends: Promise<Sent>[] = [];
  for (const live of lives) {
    sends.push(
      (async () => {
        const sentAtMs = performance.now();
        const saved = await sendCommand(
          client,
          live.session,
          live.coach,
          type,
          live.version,
          round,
        );
        live.version = saved.version;
        return { live, sentAtMs, version: saved.version };
      })(),
    );
    if (staggerMs > 0) await sleep(staggerMs);
  }
  const sent = await Promise.all(sends);
  const deadlineMs = performance.now() + RECEIPT_TIMEOUT_MS;
  const isAllReceived = () =>
    sent.every(({ live, version }) =>
      live.streams.every((stream) => stream.readArrivalMs(version) !== null),
    );
  while (!isAllReceived() && performance.now() < deadlineMs) await sleep(20);

  const latenciesMs: number[] = [];
  let lostEvents = 0;
  for (const { live, sentAtMs, version } of sent) {
    for (const stream of live.streams) {
      const arrivedAtMs = stream.readArrivalMs(version);
      if (arrivedAtMs === null) lostEvents += 1;
      else latenciesMs.push(arrivedAtMs - sentAtMs);
    }
  }
  return { latenciesMs, lostEvents };
}

async function sendCommand(
  client: ApiClient,
  session: BenchSession,
  by: string,
  type: string,
  expectedVersion: number,
  round = 0,
): Promise<SessionView> {
  const { session: saved } = await client.send<{ session: SessionView }>(
    by,
    'POST',
    `${session.path}/commands`,
    { commandId: `${type}-${round}-${expectedVersion}`, expectedVersion, command: { type } },
  );
  return saved;
}
