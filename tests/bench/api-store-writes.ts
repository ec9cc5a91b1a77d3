// Figure 2 of `npm run bench:api`: the store writes one 30-minute trio GROW session causes, and
// that no mark the server acknowledged is lost. The meeting runs in simulated time (no waiting):
// the observer taps at seeded random moments, every 4 s on average; the coach moves the stages
// across the 30 minutes; the observer's panel flushes by core's rule (isMarkFlushDue), the rule
// the tab follows. Requests go to the real app over loopback HTTP, on a SQLite file whose writes
// are counted on their way in.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  computeMarkFlushDueAtMs,
  isMarkFlushDue,
  MINUTE_MS,
  type Framework,
} from '@grow-together/core';
import { readSessionMarks } from '../../api/src/sessions/mark-chunks.js';
import type { SessionView } from '../../api/src/sessions/model.js';
import type { MarkInput } from '../../api/src/sessions/schemas.js';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import {
  createApiClient,
  createCircle,
  findRoleHolder,
  startSession,
  type ApiClient,
  type BenchSession,
} from './support/api-client.js';
import { countStoreWrites } from './support/counting-store.js';
import { startInProcessApi } from './support/in-process-api.js';
import { createObserverTap } from './support/mark-batches.js';
import { createSeededRandom, drawExponentialMs, formatVerdict } from './support/stats.js';

const MEETING_MS = 30 * MINUTE_MS;
const MEAN_TAP_GAP_MS = 4_000;
const SILENCE_SHARE = 0.15;
/** Now and then a flush's answer is lost on the way back, and the panel sends the same batch again. */
const LOST_ANSWER_SHARE = 0.1;
const SEED = 20_240_611;
const TARGET_MARK_WRITES_PER_MINUTE = 3;
const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'] as const;

export interface StoreWritesFigure {
  readonly markWritesPerMinute: number;
  readonly acknowledgedMarks: number;
  readonly storedMarks: number;
  readonly lostMarks: number;
  readonly isMet: boolean;
  readonly report: string;
}

type MeetingEvent =
  | { readonly atMs: number; readonly kind: 'tap'; readonly speaker: string | null }
  | { readonly atMs: number; readonly kind: 'next-stage' }
  | { readonly atMs: number; readonly kind: 'end' };

interface Flush {
  readonly batchId: string;
  readonly marks: readonly MarkInput[];
}

export async function measureStoreWrites(): Promise<StoreWritesFigure> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-api-writes-'));
  const sqlite = createSqliteDocumentStore({
    path: path.join(dataDir, 'writes.db'),
    retentionDays: 30,
    purgeIntervalMs: 0,
  });
  const counter = countStoreWrites(sqlite);
  const api = await startInProcessApi(counter.store);
  try {
    const client = createApiClient(api.baseUrl);
    const circle = await createCircle(client, TRIO, 'grow-for-equals');
    counter.reset();
    const session = await startSession(client, circle);
    const meeting = await runMeeting(client, session);
    const writes = counter.readCounts();

    const storedIds = new Set(
      (await readSessionMarks(sqlite, session.circleId, session.sessionId)).map((mark) => mark.id),
    );
    const storedAcknowledged = meeting.acknowledgedIds.filter((id) => storedIds.has(id)).length;
    const lostMarks = meeting.acknowledgedIds.length - storedAcknowledged;
    const markWrites = writes.get('circles/marks') ?? 0;
    const markWritesPerMinute = markWrites / (MEETING_MS / MINUTE_MS);
    const isMet = markWritesPerMinute <= TARGET_MARK_WRITES_PER_MINUTE && lostMarks === 0;
    const otherWrites = [...writes]
      .filter(([kind]) => kind !== 'circles/marks')
      .map(([kind, total]) => `${kind} ${total}`)
      .join(', ');
    const report = [
      `2. Store writes for one simulated 30-minute trio GROW session (observer taps every ` +
        `${MEAN_TAP_GAP_MS / 1_000} s on average, seed ${SEED}; flushes by core's isMarkFlushDue)`,
      `   ${meeting.tapCount} taps in ${meeting.flushCount} batches (${meeting.resendCount} sent again after a lost answer)`,
      `   mark writes ${markWrites} = ${markWritesPerMinute.toFixed(2)} per meeting-minute, ` +
        `target ≤ ${TARGET_MARK_WRITES_PER_MINUTE}: ${formatVerdict(isMet)}`,
      `   other writes: ${otherWrites}`,
      `   acknowledged ${meeting.acknowledgedIds.length}, stored ${storedAcknowledged}, lost ${lostMarks}` +
        (storedIds.size === storedAcknowledged
          ? ''
          : ` (and ${storedIds.size - storedAcknowledged} stored unacknowledged)`),
    ].join('\n');
    return {
      markWritesPerMinute,
      acknowledgedMarks: meeting.acknowledgedIds.length,
      storedMarks: storedAcknowledged,
      lostMarks,
      isMet,
      report,
    };
  } finally {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface MeetingOutcome {
  readonly tapCount: number;
  readonly flushCount: number;
  readonly resendCount: number;
  readonly acknowledgedIds: readonly string[];
}

/** Plays the meeting: each event in time order, with the observer's panel flushing when due. */
async function runMeeting(client: ApiClient, session: BenchSession): Promise<MeetingOutcome> {
  const random = createSeededRandom(SEED);
  const coach = findRoleHolder(session.view, 'coach');
  const observer = findRoleHolder(session.view, 'observer');
  const startAtMs = Date.now();
  const events = planMeeting(random, session.view.state.framework, startAtMs);

  let version = session.view.version;
  const command = async (by: string, body: Record<string, unknown>) => {
    const { session: saved } = await client.send<{ session: SessionView }>(
      by,
      'POST',
      `${session.path}/commands`,
      {
        commandId: `${by}-${version}-${String(body['type'])}`,
        expectedVersion: version,
        command: body,
      },
    );
    version = saved.version;
    return saved;
  };

  let pending: MarkInput[] = [];
  let lastFlushAtMs: number | null = null;
  let flushCount = 0;
  let resendCount = 0;
  const acknowledgedIds: string[] = [];
  const flush = async (nowMs: number) => {
    const batch: Flush = { batchId: `flush-${flushCount}`, marks: pending };
    flushCount += 1;
    lastFlushAtMs = nowMs;
    await client.send(observer, 'POST', `${session.path}/marks`, batch);
    if (random() < LOST_ANSWER_SHARE) {
      // The panel never saw that answer, so it still holds the batch and sends it again as is.
      resendCount += 1;
      await client.send(observer, 'POST', `${session.path}/marks`, batch);
    }
    acknowledgedIds.push(...batch.marks.map((mark) => mark.id));
    pending = [];
  };
  const flushWhileDue = async (untilMs: number) => {
    for (;;) {
      const dueAtMs = computeMarkFlushDueAtMs({
        oldestPendingAtMs: pending[0]?.atMs ?? null,
        lastFlushAtMs,
      });
      if (dueAtMs === null || dueAtMs > untilMs) return;
      await flush(dueAtMs);
    }
  };

  await command(coach, { type: 'start' });
  let tapCount = 0;
  for (const event of events) {
    await flushWhileDue(event.atMs);
    if (event.kind === 'tap') {
      pending.push(createObserverTap(`tap-${tapCount}`, event.atMs, event.speaker));
      tapCount += 1;
      continue;
    }
    if (event.kind === 'next-stage') {
      const saved = await command(coach, { type: 'next' });
      await recordConsentIfAsked(saved, command);
    } else {
      await command(coach, { type: 'end' });
    }
    const isDue = isMarkFlushDue({
      oldestPendingAtMs: pending[0]?.atMs ?? null,
      lastFlushAtMs,
      nowMs: event.atMs,
      isStageChange: event.kind === 'next-stage',
      isEnd: event.kind === 'end',
    });
    if (isDue) await flush(event.atMs);
  }
  return { tapCount, flushCount, resendCount, acknowledgedIds };
}

/** A role-play stage waits for everyone's consent before it starts: each says yes. */
async function recordConsentIfAsked(
  saved: SessionView,
  command: (by: string, body: Record<string, unknown>) => Promise<SessionView>,
): Promise<void> {
  const upcoming = saved.state.framework.stages[saved.state.stageIndex + 1];
  if (upcoming?.rules.consent === undefined) return;
  for (const participant of TRIO) {
    await command(participant, { type: 'record-consent', stageId: upcoming.id, answer: 'given' });
  }
}

/**
 * The coach's stage moves spread over 30 minutes in proportion to the time-boxes, the end at 30
 * minutes, and the observer's taps between: exponential gaps, each naming one of the trio or
 * silence.
 */
function planMeeting(
  random: () => number,
  framework: Framework,
  startAtMs: number,
): MeetingEvent[] {
  const events: MeetingEvent[] = [];
  const totalTimeboxMs = framework.stages.reduce((sum, stage) => sum + stage.timeboxMs, 0);
  let elapsedTimeboxMs = 0;
  for (const stage of framework.stages.slice(0, -1)) {
    elapsedTimeboxMs += stage.timeboxMs;
    const atMs = startAtMs + Math.round((elapsedTimeboxMs / totalTimeboxMs) * MEETING_MS);
    events.push({ atMs, kind: 'next-stage' });
  }
  for (
    let atMs = startAtMs + drawExponentialMs(random, MEAN_TAP_GAP_MS);
    atMs < startAtMs + MEETING_MS;
    atMs += drawExponentialMs(random, MEAN_TAP_GAP_MS)
  ) {
    const speaker =
      random() < SILENCE_SHARE ? null : (TRIO[Math.floor(random() * TRIO.length)] ?? null);
    events.push({ atMs: Math.round(atMs), kind: 'tap', speaker });
  }
  events.push({ atMs: startAtMs + MEETING_MS, kind: 'end' });
  // Stable: a tap at the very moment of a stage move comes after it, as the panel would see it.
  return events.sort((a, b) => a.atMs - b.atMs);
}
