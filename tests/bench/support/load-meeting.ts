// One live meeting for the load bench, as its six panels would drive the api: every member's
// panel follows the session stream; the observer taps a speaker every ~4 s (exponential gaps) and
// sends the taps in batches by core's flush rule (the oldest waits at most 20 s; at once when the
// stream shows a stage change; everything at the end); the coach moves a stage every ~30 s.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { computeMarkFlushDueAtMs, isConsentStage, isMarkFlushDue } from '@grow-together/core';
import type { SessionView } from '../../../api/src/sessions/model.js';
import type { MarkInput } from '../../../api/src/sessions/schemas.js';
import {
  createCircle,
  findRoleHolder,
  startSession,
  type ApiClient,
  type BenchSession,
} from './api-client.js';
import { openSessionStream, type SessionStream } from './session-stream.js';
import { createObserverTap } from './mark-batches.js';
import { drawExponentialMs } from './stats.js';

export const MEAN_TAP_GAP_MS = 4_000;
export const MEAN_STAGE_MOVE_GAP_MS = 30_000;

/** What every meeting adds to, read by the bench once the meetings have stopped. */
export interface LoadTally {
  /** While false (setup, warm-up), latencies are not kept; errors always count. */
  isMeasuring: boolean;
  readonly errors: Map<string, number>;
  /** The first few error messages, for the report. */
  readonly errorSamples: string[];
  /** Mark batch sent → acknowledged (stored), ms. */
  readonly batchAckMs: number[];
  marksMade: number;
  /** Marks the api said it stored (or had stored: a resent batch's duplicates). */
  marksAcknowledged: number;
  batchesSent: number;
  readonly commands: CommandSent[];
}

export interface CommandSent {
  readonly meeting: LoadMeeting;
  readonly sentAtMs: number;
  /** The version the command made: the event every other panel waits for. */
  readonly version: number;
  readonly isMeasured: boolean;
}

export function createLoadTally(): LoadTally {
  return {
    isMeasuring: false,
    errors: new Map(),
    errorSamples: [],
    batchAckMs: [],
    marksMade: 0,
    marksAcknowledged: 0,
    batchesSent: 0,
    commands: [],
  };
}

export function countError(tally: LoadTally, kind: string, message: string): void {
  tally.errors.set(kind, (tally.errors.get(kind) ?? 0) + 1);
  if (tally.errorSamples.length < 5) tally.errorSamples.push(`${kind}: ${message.slice(0, 300)}`);
}

export interface LoadMeeting {
  readonly session: BenchSession;
  readonly coach: string;
  /** One per member, the coach's first. */
  readonly streams: readonly SessionStream[];
  /** The streams of everyone but the coach: the panels a stage move must reach. */
  readonly otherStreams: readonly SessionStream[];
  /** Starts the observer's taps and the coach's stage moves. */
  start(random: () => number): void;
  /** Stops both, sends what is still queued, and resolves when the last answers are in. */
  stop(): Promise<void>;
  closeStreams(): void;
}

interface QueuedTap {
  readonly mark: MarkInput;
  readonly queuedAtMs: number;
}

/**
 * A GROW circle of the six demo users, today's session opened by each and started by the coach;
 * then everyone answers the role-play question (GROW's Options stage waits for every answer), as
 * they would when their panel asks.
 */
export async function prepareLoadSession(
  client: ApiClient,
  memberIds: readonly string[],
): Promise<{ session: BenchSession; version: number }> {
  const session = await startSession(client, await createCircle(client, memberIds));
  const command = async (by: string, body: Record<string, unknown>, expectedVersion: number) =>
    (
      await client.send<{ session: SessionView }>(by, 'POST', `${session.path}/commands`, {
        commandId: randomUUID(),
        expectedVersion,
        command: body,
      })
    ).session;
  let view = await command(
    findRoleHolder(session.view, 'coach'),
    { type: 'start' },
    session.view.version,
  );
  for (const stage of view.state.framework.stages.filter(isConsentStage)) {
    for (const memberId of memberIds) {
      const answer = { type: 'record-consent', stageId: stage.id, answer: 'given' };
      view = await command(memberId, answer, view.version);
    }
  }
  return { session: { ...session, view }, version: view.version };
}

/** Opens every member's stream (the coach's first) and readies the observer and the coach. */
export async function openLoadMeeting(
  client: ApiClient,
  prepared: { session: BenchSession; version: number },
  tally: LoadTally,
): Promise<LoadMeeting> {
  const { session } = prepared;
  const view = session.view;
  const coach = findRoleHolder(view, 'coach');
  const observer = findRoleHolder(view, 'observer');
  const participants = Object.keys(view.state.participants);
  const stageCount = view.state.framework.stages.length;
  const stopping = new AbortController();
  let version = prepared.version;
  let stageIndex = view.state.stageIndex;

  // ---- The observer's queue: core's flush rule, one batch out at a time, resent until stored.
  const pending: QueuedTap[] = [];
  let formed: { batchId: string; taps: QueuedTap[] } | null = null;
  let lastFlushAtMs: number | null = null;
  let flushTimer: NodeJS.Timeout | null = null;
  let sending: Promise<void> | null = null;
  let seenStage: { index: number; runs: number } | null = null;

  const sendBatch = async (): Promise<void> => {
    formed ??= { batchId: randomUUID(), taps: pending.splice(0, 500) };
    const batch = formed;
    lastFlushAtMs = Date.now();
    const sentAtMs = performance.now();
    tally.batchesSent += 1;
    try {
      const answer = await client.send<{ stored: number; duplicates: number }>(
        observer,
        'POST',
        `${session.path}/marks`,
        { batchId: batch.batchId, marks: batch.taps.map((tap) => tap.mark) },
      );
      if (tally.isMeasuring) tally.batchAckMs.push(performance.now() - sentAtMs);
      tally.marksAcknowledged += answer.stored + answer.duplicates;
      formed = null;
    } catch (error) {
      // Kept as formed: the next flush sends the same batch again, as the panel does.
      countError(tally, 'mark batch', String(error));
    }
  };

  const flush = async (trigger: { isStageChange?: boolean; isEnd?: boolean } = {}) => {
    if (sending !== null) {
      await sending;
      if (!trigger.isStageChange && !trigger.isEnd) return;
    }
    const oldest = formed?.taps[0] ?? pending[0];
    const isDue = isMarkFlushDue({
      oldestPendingAtMs: oldest?.queuedAtMs ?? null,
      lastFlushAtMs,
      nowMs: Date.now(),
      isStageChange: trigger.isStageChange ?? false,
      isEnd: trigger.isEnd ?? false,
    });
    if (!isDue) {
      scheduleFlush();
      return;
    }
    sending = sendBatch().finally(() => {
      sending = null;
      scheduleFlush();
    });
    await sending;
  };

  function scheduleFlush(): void {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    if (stopping.signal.aborted) return;
    const oldest = formed?.taps[0] ?? pending[0];
    const dueAtMs = computeMarkFlushDueAtMs({
      oldestPendingAtMs: oldest?.queuedAtMs ?? null,
      lastFlushAtMs,
    });
    if (dueAtMs === null) return;
    flushTimer = setTimeout(
      () => {
        flushTimer = null;
        void flush();
      },
      Math.max(0, dueAtMs - Date.now()),
    );
  }

  // The observer's panel reads the stream: a new stage (or a new run of one) sends the queue.
  const onObserverEvent = (data: string) => {
    const { session: seen } = JSON.parse(data) as { session: SessionView };
    const stage = { index: seen.state.stageIndex, runs: seen.state.timeline.length };
    const isStageChange =
      seenStage !== null && (seenStage.index !== stage.index || seenStage.runs !== stage.runs);
    seenStage = stage;
    if (isStageChange) void flush({ isStageChange: true });
  };

  const streams = await Promise.all(
    [coach, ...participants.filter((id) => id !== coach)].map(async (member) =>
      openSessionStream({
        url: `${client.baseUrl}${session.path}/stream`,
        headers: await client.authorize(member),
        ...(member === observer ? { onData: onObserverEvent } : {}),
      }),
    ),
  );

  const sleep = async (ms: number): Promise<boolean> => {
    try {
      await delay(ms, undefined, { signal: stopping.signal });
      return true;
    } catch (error) {
      if (stopping.signal.aborted) return false;
      throw error;
    }
  };

  const tapLoop = async (random: () => number) => {
    let speaker: string | null = null;
    while (await sleep(drawExponentialMs(random, MEAN_TAP_GAP_MS))) {
      const others = participants.filter((id) => id !== speaker);
      speaker = others[Math.floor(random() * others.length)] ?? null;
      pending.push({
        mark: createObserverTap(randomUUID(), Date.now(), speaker),
        queuedAtMs: Date.now(),
      });
      tally.marksMade += 1;
      if (flushTimer === null && sending === null) scheduleFlush();
    }
  };

  const coachLoop = async (random: () => number) => {
    // A random phase, so the meetings do not all move at once.
    let gapMs = random() * MEAN_STAGE_MOVE_GAP_MS;
    while (await sleep(gapMs)) {
      gapMs = MEAN_STAGE_MOVE_GAP_MS * (0.7 + random() * 0.6);
      const type = stageIndex < stageCount - 2 ? 'next' : 'back';
      const sentAtMs = performance.now();
      const isMeasured = tally.isMeasuring;
      try {
        const { session: saved } = await client.send<{ session: SessionView }>(
          coach,
          'POST',
          `${session.path}/commands`,
          { commandId: randomUUID(), expectedVersion: version, command: { type } },
        );
        version = saved.version;
        stageIndex = saved.state.stageIndex;
        tally.commands.push({ meeting, sentAtMs, version, isMeasured });
      } catch (error) {
        countError(tally, 'stage move', String(error));
      }
    }
  };

  let loops: Promise<void> | null = null;
  const meeting: LoadMeeting = {
    session,
    coach,
    streams,
    otherStreams: streams.slice(1),
    start(random) {
      loops = Promise.all([tapLoop(random), coachLoop(random)]).then(() => undefined);
    },
    async stop() {
      stopping.abort();
      if (flushTimer !== null) clearTimeout(flushTimer);
      flushTimer = null;
      await loops;
      // What is still queued leaves now, as at the end of a session; one more try if it fails.
      for (let attempt = 0; attempt < 2 && (formed !== null || pending.length > 0); attempt += 1) {
        await flush({ isEnd: true });
      }
    },
    closeStreams() {
      for (const stream of streams) stream.close();
    },
  };
  return meeting;
}
