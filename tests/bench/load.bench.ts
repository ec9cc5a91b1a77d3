// `npm run bench:load`: issue 8's load figure. The real api runs in its own process on a SQLite
// file, and this process plays 200 live sessions against it over loopback: six panels per session
// on the event stream, an observer tapping and sending batches by core's flush rule, a coach
// moving stages. After a warm-up it measures for two minutes, then stops by itself and reports
// errors, fan-out latency, the server's memory at the start and end, and its event-loop delay.
// Figures only: a missed target is printed, not failed; the run fails only when it cannot run.
//
//   npm run bench:load -- --sessions=20 --duration=30    a shorter run (duration in seconds)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { DEMO_USERS } from '../../api/src/auth/dev-tokens.js';
import { createApiClient, mapInParallel } from './support/api-client.js';
import {
  createLoadTally,
  openLoadMeeting,
  prepareLoadSession,
  type LoadMeeting,
} from './support/load-meeting.js';
import { summariseLoadRun, type MemorySample } from './support/load-report.js';
import { startLoadServer, type LoadServer } from './support/load-server.js';
import { createSeededRandom } from './support/stats.js';
import { sleep, withTimeout } from './support/waiting.js';

const MEMBERS = DEMO_USERS.map((user) => user.userId);
const SETUP_PARALLELISM = 6;
const MEMORY_SAMPLE_EVERY_MS = 1_000;
const OPEN_TIMEOUT_MS = 60_000;
/** After the meetings stop, how long the last stage moves have to reach every panel. */
const RECEIPT_GRACE_MS = 3_000;
/** The delay monitor records tick intervals: the resolution plus the delay. */
const LOOP_RESOLUTION_MS = 10;

interface Options {
  readonly sessions: number;
  readonly durationSeconds: number;
  readonly warmUpSeconds: number;
}

function readOptions(args: readonly string[]): Options {
  const read = (name: string, fallback: number, min: number, max: number): number => {
    const arg = args.find((candidate) => candidate.startsWith(`--${name}=`));
    if (arg === undefined) return fallback;
    const value = Number(arg.slice(name.length + 3));
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} takes a whole number from ${min} to ${max}, not "${arg}".`);
    }
    return value;
  };
  const known = ['--sessions=', '--duration=', '--warmup='];
  const unknown = args.filter((arg) => !known.some((prefix) => arg.startsWith(prefix)));
  if (unknown.length > 0) {
    throw new Error(`Unknown ${unknown.join(' ')}: use --sessions=N --duration=S --warmup=S.`);
  }
  return {
    sessions: read('sessions', 200, 1, 500),
    durationSeconds: read('duration', 120, 5, 600),
    warmUpSeconds: read('warmup', 30, 0, 120),
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  // Stops by itself whatever happens: the server child is killed on exit (load-server.ts).
  const budgetMs = (options.durationSeconds + options.warmUpSeconds + 300) * 1_000;
  setTimeout(() => {
    console.error(`The load bench ran past its ${budgetMs / 1_000} s budget; stopping.`);
    process.exit(2);
  }, budgetMs).unref();

  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-load-'));
  let server: LoadServer | null = null;
  const meetings: LoadMeeting[] = [];
  try {
    server = await startLoadServer(path.join(dataDir, 'load.db'));
    const running = server;
    const client = createApiClient(running.baseUrl);
    const tally = createLoadTally();
    console.log(
      `Load bench: ${options.sessions} sessions × ${MEMBERS.length} panels for ` +
        `${options.durationSeconds} s after a ${options.warmUpSeconds} s warm-up (server pid ${running.pid})`,
    );

    const setupStartMs = performance.now();
    const prepared = await mapInParallel(
      Array.from({ length: options.sessions }, (_, index) => index),
      SETUP_PARALLELISM,
      () => prepareLoadSession(client, MEMBERS),
    );
    for (const session of prepared) meetings.push(await openLoadMeeting(client, session, tally));
    await withTimeout(
      Promise.all(meetings.flatMap((meeting) => meeting.streams.map((stream) => stream.opened))),
      OPEN_TIMEOUT_MS,
      'the event streams did not all open',
    );
    const setupSeconds = (performance.now() - setupStartMs) / 1_000;
    console.log(`  set up in ${setupSeconds.toFixed(0)} s; warming up…`);

    const random = createSeededRandom(8);
    for (const meeting of meetings) meeting.start(random);
    await sleep(options.warmUpSeconds * 1_000);

    // The measured period: latencies kept, memory sampled, the server's delay window fresh.
    const benchLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    benchLoop.enable();
    await running.resetMetrics();
    tally.isMeasuring = true;
    const memory: MemorySample[] = [];
    const measureStartMs = performance.now();
    const measureEndMs = measureStartMs + options.durationSeconds * 1_000;
    for (;;) {
      const [rssBytes, metrics] = await Promise.all([
        running.readRssBytes(),
        running.readMetrics(),
      ]);
      const atSeconds = (performance.now() - measureStartMs) / 1_000;
      memory.push({ atSeconds, rssBytes, heapUsedBytes: metrics.memory.heapUsedBytes });
      const exit = running.exit();
      if (exit !== null) throw new Error(`the server exited during the run: ${exit}`);
      const leftMs = measureEndMs - performance.now();
      if (leftMs <= 0) break;
      await sleep(Math.min(MEMORY_SAMPLE_EVERY_MS, leftMs));
    }
    const serverMetrics = await running.readMetrics();
    tally.isMeasuring = false;
    benchLoop.disable();
    console.log('  measured; stopping the meetings…');

    await Promise.all(meetings.map((meeting) => meeting.stop()));
    await sleep(RECEIPT_GRACE_MS);
    const figures = summariseLoadRun({
      sessions: options.sessions,
      panelsPerSession: MEMBERS.length,
      setupSeconds,
      warmUpSeconds: options.warmUpSeconds,
      measuredSeconds: options.durationSeconds,
      tally,
      meetings,
      memory,
      serverMetrics,
      benchLoopP99Ms: Math.max(0, benchLoop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
    });
    console.log(`\n${figures.report}`);
  } finally {
    for (const meeting of meetings) meeting.closeStreams();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
