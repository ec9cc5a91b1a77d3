// `npm run bench:api`: the three figures issue 4 asks of the server, measured in one run on the
// embedded store, with all traffic on loopback:
//   1. mark ingest (batches of 20 marks) against a bare Fastify route, with autocannon;
//   2. store writes per simulated 30-minute trio session, and no acknowledged mark lost;
//   3. SSE fan-out latency at 100 sessions × 6 subscribers.
// Figures only: they depend on the machine, so no unit test asserts them, and a missed target is
// printed, not failed. The run fails only when the bench itself cannot run.
// `npm run bench:api -- --only=ingest` (or writes, fanout) measures one figure, for iterating.
import { performance } from 'node:perf_hooks';
import { measureMarkIngest } from './api-mark-ingest.js';
import { measureSseFanOut } from './api-sse-fanout.js';
import { measureStoreWrites } from './api-store-writes.js';
import { formatVerdict } from './support/stats.js';

const FIGURES = ['ingest', 'writes', 'fanout'] as const;
type Figure = (typeof FIGURES)[number];

function readOnlyFigure(args: readonly string[]): Figure | null {
  const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (only === undefined) return null;
  if (!(FIGURES as readonly string[]).includes(only)) {
    throw new Error(`--only takes one of ${FIGURES.join(', ')}, not "${only}".`);
  }
  return only as Figure;
}

async function main(): Promise<void> {
  const startedAtMs = performance.now();
  console.log('API bench: the real server on a SQLite file, loopback only\n');
  const only = readOnlyFigure(process.argv.slice(2));
  if (only !== null) {
    const measure = {
      ingest: measureMarkIngest,
      writes: measureStoreWrites,
      fanout: measureSseFanOut,
    };
    console.log((await measure[only]()).report);
    return;
  }
  const ingest = await measureMarkIngest();
  console.log(`${ingest.report}\n`);
  const writes = await measureStoreWrites();
  console.log(`${writes.report}\n`);
  const fanOut = await measureSseFanOut();
  console.log(`${fanOut.report}\n`);

  console.log('Summary');
  console.log(
    `  1. mark ingest   ${ingest.api.requestsPerSecond.toFixed(0)} req/s, p99 ${ingest.api.p99Ms.toFixed(0)} ms, ` +
      `${(ingest.ratio * 100).toFixed(0)}% of bare (target ≥ 40%): ${formatVerdict(ingest.isMet)}`,
  );
  console.log(
    `  2. store writes  ${writes.markWritesPerMinute.toFixed(2)} mark writes per meeting-minute (target ≤ 3), ` +
      `lost ${writes.lostMarks}: ${formatVerdict(writes.isMet)}`,
  );
  console.log(
    `  3. SSE fan-out   p50 ${fanOut.p50Ms.toFixed(1)} ms, p95 ${fanOut.p95Ms.toFixed(1)} ms (target < 100 ms), ` +
      `lost ${fanOut.lostEvents}: ${formatVerdict(fanOut.isMet)}`,
  );
  console.log(`  (${((performance.now() - startedAtMs) / 1_000).toFixed(0)} s)`);
}

await main();
