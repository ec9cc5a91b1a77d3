// The load bench's figures from what the meetings tallied and the server reported, and the text
// that prints them.
import {
  MEAN_STAGE_MOVE_GAP_MS,
  MEAN_TAP_GAP_MS,
  type LoadMeeting,
  type LoadTally,
} from './load-meeting.js';
import type { DevMetrics } from './load-server.js';
import { computePercentile, formatVerdict } from './stats.js';

export const TARGET_MEMORY_GROWTH = 0.1;
/** How much of each end of the measured period the memory figures look at. */
const MEMORY_WINDOW_SECONDS = 15;

export interface MemorySample {
  /** Seconds since the measured period began. */
  readonly atSeconds: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

export interface LoadRun {
  readonly sessions: number;
  readonly panelsPerSession: number;
  readonly setupSeconds: number;
  readonly warmUpSeconds: number;
  readonly measuredSeconds: number;
  readonly tally: LoadTally;
  readonly meetings: readonly LoadMeeting[];
  readonly memory: readonly MemorySample[];
  /** The server's own figures over the measured period (read at its end). */
  readonly serverMetrics: DevMetrics;
  /** The bench process's event-loop delay p99 over the measured period: its share of latency. */
  readonly benchLoopP99Ms: number;
}

export interface LoadFigures {
  readonly errors: number;
  readonly fanOutP50Ms: number;
  readonly fanOutP95Ms: number;
  readonly fanOutReceipts: number;
  readonly batchAckP95Ms: number;
  readonly rssGrowth: number;
  readonly heapGrowth: number;
  readonly eventLoopP99Ms: number;
  readonly report: string;
}

export function summariseLoadRun(run: LoadRun): LoadFigures {
  const { tally } = run;
  const fanOutMs: number[] = [];
  let lostEvents = 0;
  for (const command of tally.commands) {
    for (const stream of command.meeting.otherStreams) {
      const arrivedAtMs = stream.findArrivalMs(command.version);
      if (arrivedAtMs === null) lostEvents += 1;
      else if (command.isMeasured) fanOutMs.push(arrivedAtMs - command.sentAtMs);
    }
  }
  const failedStreams = run.meetings.reduce(
    (count, meeting) =>
      count + meeting.streams.filter((stream) => stream.failure() !== null).length,
    0,
  );
  const unacknowledgedMarks = tally.marksMade - tally.marksAcknowledged;
  const errorsByKind = new Map(tally.errors);
  if (lostEvents > 0) errorsByKind.set('stage move never received', lostEvents);
  if (failedStreams > 0) errorsByKind.set('stream failed', failedStreams);
  if (unacknowledgedMarks !== 0) errorsByKind.set('marks not acknowledged', unacknowledgedMarks);
  const errors = [...errorsByKind.values()].reduce((sum, count) => sum + count, 0);

  const windowSeconds = Math.min(MEMORY_WINDOW_SECONDS, run.measuredSeconds / 3);
  const rss = compareEnds(run.memory, windowSeconds, run.measuredSeconds, 'rssBytes');
  const heap = compareEnds(run.memory, windowSeconds, run.measuredSeconds, 'heapUsedBytes');
  const isMemoryMet = rss.growth < TARGET_MEMORY_GROWTH && heap.growth < TARGET_MEMORY_GROWTH;
  const delay = run.serverMetrics.eventLoopDelay;
  const fanOutP50Ms = computePercentile(fanOutMs, 50);
  const fanOutP95Ms = computePercentile(fanOutMs, 95);
  const batchAckP95Ms = computePercentile(tally.batchAckMs, 95);
  const streams = run.sessions * run.panelsPerSession;
  const measuredCommands = tally.commands.filter((command) => command.isMeasured).length;

  const report = [
    `Load: ${run.sessions} sessions × ${run.panelsPerSession} panels on the event stream ` +
      `(${streams} streams), the api in its own process on a SQLite file, loopback only`,
    `  set up in ${run.setupSeconds.toFixed(0)} s, warm-up ${run.warmUpSeconds} s, measured ` +
      `${run.measuredSeconds} s; an observer per session taps every ~${MEAN_TAP_GAP_MS / 1_000} s ` +
      `(batches by core's flush rule), a coach moves a stage every ~${MEAN_STAGE_MOVE_GAP_MS / 1_000} s`,
    `  traffic, whole run: ${tally.marksMade} taps in ${tally.batchesSent} batches, ` +
      `${tally.commands.length} stage moves (${measuredCommands} in the measured period)`,
    `  errors: ${errors}${formatErrorKinds(errorsByKind)} (target 0: ${formatVerdict(errors === 0)})`,
    ...tally.errorSamples.map((sample) => `    e.g. ${sample}`),
    `  stage move sent → received on the other ${run.panelsPerSession - 1} panels: ` +
      `p50 ${fanOutP50Ms.toFixed(1)} ms, p95 ${fanOutP95Ms.toFixed(1)} ms, ` +
      `max ${formatMax(fanOutMs)} ms over ${fanOutMs.length} receipts`,
    `  marks are not broadcast on the stream (they are stored in chunks and read by the summary), ` +
      `so for marks: batch sent → stored and acknowledged: p50 ` +
      `${computePercentile(tally.batchAckMs, 50).toFixed(1)} ms, p95 ${batchAckP95Ms.toFixed(1)} ms, ` +
      `max ${formatMax(tally.batchAckMs)} ms over ${tally.batchAckMs.length} batches`,
    `  server memory after warm-up → end (the lowest of the first and of the last ` +
      `${windowSeconds.toFixed(0)} s, one sample a second: what a collection leaves): RSS ${formatMb(rss.start)} → ${formatMb(rss.end)} ` +
      `(${formatGrowth(rss.growth)}), heap used ${formatMb(heap.start)} → ${formatMb(heap.end)} ` +
      `(${formatGrowth(heap.growth)}); target growth < ${TARGET_MEMORY_GROWTH * 100}%: ` +
      formatVerdict(isMemoryMet),
    `  server event-loop delay over the measured period: p50 ${delay.p50Ms.toFixed(1)} ms, ` +
      `p99 ${delay.p99Ms.toFixed(1)} ms, max ${delay.maxMs.toFixed(1)} ms ` +
      `(${delay.samples} samples at 10 ms)`,
    `  the bench process's own event-loop delay p99: ${run.benchLoopP99Ms.toFixed(1)} ms ` +
      `(its part in the latencies above; both processes share 2 cores)`,
  ].join('\n');
  return {
    errors,
    fanOutP50Ms,
    fanOutP95Ms,
    fanOutReceipts: fanOutMs.length,
    batchAckP95Ms,
    rssGrowth: rss.growth,
    heapGrowth: heap.growth,
    eventLoopP99Ms: delay.p99Ms,
    report,
  };
}

/**
 * The lowest value in the first and in the last `windowSeconds`. The heap in use swings with the
 * collector's cycle (tens of MB between collections); its low points are what the process keeps.
 */
function compareEnds(
  samples: readonly MemorySample[],
  windowSeconds: number,
  measuredSeconds: number,
  field: 'rssBytes' | 'heapUsedBytes',
): { start: number; end: number; growth: number } {
  const lowest = (inWindow: (sample: MemorySample) => boolean) =>
    Math.min(...samples.filter(inWindow).map((sample) => sample[field]));
  const start = lowest((sample) => sample.atSeconds <= windowSeconds);
  const end = lowest((sample) => sample.atSeconds >= measuredSeconds - windowSeconds);
  return { start, end, growth: (end - start) / start };
}

function formatErrorKinds(kinds: ReadonlyMap<string, number>): string {
  if (kinds.size === 0) return '';
  return ` (${[...kinds].map(([kind, count]) => `${kind}: ${count}`).join(', ')})`;
}

function formatMax(values: readonly number[]): string {
  return values.length === 0 ? 'NaN' : Math.max(...values).toFixed(1);
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatGrowth(growth: number): string {
  return `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%`;
}
