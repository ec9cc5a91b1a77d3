import type { Mark } from '@grow-together/core';
import { describe, expect, it } from 'vitest';
import {
  createMarkQueue,
  createMemoryMarkStore,
  formatQueueKey,
  type MarkStore,
  type SendOutcome,
} from './mark-queue.js';

// A panel's clock and timers under the test's control.
function createFakeTime(startMs = 1_000_000) {
  let nowMs = startMs;
  let timers: { atMs: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    readNowMs: () => nowMs,
    setTimer(callback: () => void, ms: number) {
      const id = nextId++;
      timers.push({ atMs: nowMs + ms, callback, id });
      return id;
    },
    clearTimer(handle: unknown) {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    async advance(ms: number) {
      const untilMs = nowMs + ms;
      for (;;) {
        const due = timers.filter((t) => t.atMs <= untilMs).sort((a, b) => a.atMs - b.atMs)[0];
        if (due === undefined) break;
        timers = timers.filter((timer) => timer !== due);
        nowMs = Math.max(nowMs, due.atMs);
        due.callback();
        await settle();
      }
      nowMs = untilMs;
      await settle();
    },
  };
}

async function settle() {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

/** The api's marks route as the panel meets it: stores by mark id, acknowledges when stored. */
function createStandInApi() {
  const stored = new Map<string, Mark>();
  const batches: { batchId: string; markIds: string[] }[] = [];
  let mode: 'up' | 'down' | 'lose-answer' = 'up';
  return {
    stored,
    batches,
    setMode(next: typeof mode) {
      mode = next;
    },
    async send(batchId: string, marks: readonly Mark[]): Promise<SendOutcome> {
      batches.push({ batchId, markIds: marks.map((m) => m.id) });
      if (mode === 'down') return { kind: 'retry' };
      for (const mark of marks) if (!stored.has(mark.id)) stored.set(mark.id, mark);
      // Stored, but the answer never reaches the panel.
      if (mode === 'lose-answer') throw new TypeError('Failed to fetch');
      return { kind: 'stored' };
    },
  };
}

let markCounter = 0;
function tap(atMs: number, speaker: string | null = 'demo-ben'): Mark {
  markCounter += 1;
  return {
    kind: 'speech',
    id: `m-${markCounter}`,
    atMs,
    by: 'demo-cai',
    source: 'observer',
    speaker,
  };
}

function openQueue(
  store: MarkStore,
  api: ReturnType<typeof createStandInApi>,
  time = createFakeTime(),
) {
  let batchCounter = 0;
  const queue = createMarkQueue({
    store,
    queueKey: formatQueueKey('demo-cai', 'circle-1', 'session-1'),
    send: (batchId, marks) => api.send(batchId, marks),
    createId: () => `batch-${++batchCounter}-${Math.random().toString(36).slice(2, 6)}`,
    readNowMs: time.readNowMs,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
  });
  return { queue, time };
}

describe('createMarkQueue', () => {
  it('sends nothing until the oldest mark has waited 20 s, then one batch with every mark', async () => {
    const api = createStandInApi();
    const { queue, time } = openQueue(createMemoryMarkStore(), api);
    await queue.ready;
    queue.add(tap(1));
    await time.advance(5_000);
    queue.add(tap(2));
    await time.advance(14_000);
    expect(api.batches).toHaveLength(0);
    expect(queue.pendingCount).toBe(2);
    await time.advance(1_000);
    expect(api.batches).toHaveLength(1);
    expect(api.batches[0]?.markIds).toHaveLength(2);
    expect(queue.pendingCount).toBe(0);
    expect(queue.marks).toHaveLength(2);
  });

  it('sends at once at a stage change and at the end', async () => {
    const api = createStandInApi();
    const { queue, time } = openQueue(createMemoryMarkStore(), api);
    await queue.ready;
    queue.add(tap(1));
    await queue.flush({ isStageChange: true });
    expect(api.batches).toHaveLength(1);
    await time.advance(1_000);
    queue.add(tap(2));
    await queue.flush({ isEnd: true });
    expect(api.batches).toHaveLength(2);
    await queue.flush({ isEnd: true });
    expect(api.batches).toHaveLength(2);
  });

  it('keeps marks through 10 s offline and a lost answer, and the api stores each exactly once', async () => {
    const api = createStandInApi();
    const store = createMemoryMarkStore();
    const { queue, time } = openQueue(store, api);
    await queue.ready;
    const made: Mark[] = [];
    const add = (mark: Mark) => {
      made.push(mark);
      queue.add(mark);
    };
    add(tap(1));
    await time.advance(20_000);
    expect(api.stored.size).toBe(1);

    api.setMode('down');
    for (let i = 0; i < 5; i += 1) {
      add(tap(100 + i));
      await time.advance(2_000);
    }
    await time.advance(20_000);
    const failedBatch = api.batches.at(-1);
    expect(queue.pendingCount).toBe(5);

    // Back online, but the first answer is lost after the api stored the batch.
    api.setMode('lose-answer');
    await queue.flush({ isReconnect: true });
    expect(api.batches.at(-1)?.batchId).toBe(failedBatch?.batchId);
    expect(queue.pendingCount).toBe(5);

    api.setMode('up');
    add(tap(200));
    await queue.flush({ isEnd: true });
    expect(queue.pendingCount).toBe(0);
    // Every mark stored once (the stand-in keeps one per id) and none missing.
    expect([...api.stored.keys()].sort()).toEqual(made.map((m) => m.id).sort());
    // The batch was resent under its own id with the same marks, never re-cut.
    const resends = api.batches.filter((b) => b.batchId === failedBatch?.batchId);
    expect(new Set(resends.map((b) => b.markIds.join(',')))).toHaveProperty('size', 1);
  });

  it('survives a reload: a new queue on the same store sends what was pending, not what was acknowledged', async () => {
    const api = createStandInApi();
    const store = createMemoryMarkStore();
    const first = openQueue(store, api);
    await first.queue.ready;
    first.queue.add(tap(1));
    await first.queue.flush({ isStageChange: true });
    api.setMode('down');
    first.queue.add(tap(2));
    first.queue.add(tap(3));
    await first.queue.flush({ isStageChange: true });
    first.queue.close();
    await settle();

    api.setMode('up');
    const second = openQueue(store, api, createFakeTime(2_000_000));
    await second.queue.ready;
    expect(second.queue.pendingCount).toBe(2);
    expect(second.queue.marks).toHaveLength(3);
    await second.time.advance(0);
    expect(second.queue.pendingCount).toBe(0);
    expect(api.stored.size).toBe(3);
    const sentAfterReload = api.batches.at(-1)?.markIds ?? [];
    expect(sentAfterReload).toHaveLength(2);
  });

  it('drops a mark the api refuses and sends the rest of its batch', async () => {
    const store = createMemoryMarkStore();
    const sent: string[][] = [];
    const refused = tap(2, 'someone-else');
    const queue = createMarkQueue({
      store,
      queueKey: 'k',
      createId: () => 'batch-1',
      async send(_batchId, marks) {
        sent.push(marks.map((m) => m.id));
        return marks.some((m) => m.id === refused.id)
          ? { kind: 'reject-mark', markId: refused.id }
          : { kind: 'stored' };
      },
    });
    await queue.ready;
    const kept = [tap(1), tap(3)];
    queue.add(kept[0] as Mark);
    queue.add(refused);
    queue.add(kept[1] as Mark);
    await queue.flush({ isEnd: true });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(kept.map((m) => m.id));
    expect(queue.marks.map((m) => m.id)).toEqual(kept.map((m) => m.id));
    expect(queue.pendingCount).toBe(0);
    queue.close();
  });

  it('sends a long backlog in batches the api accepts', async () => {
    const api = createStandInApi();
    const queue = createMarkQueue({
      store: createMemoryMarkStore(),
      queueKey: 'k',
      createId: () => `b-${api.batches.length}`,
      send: (batchId, marks) => api.send(batchId, marks),
      maxBatchSize: 3,
    });
    await queue.ready;
    for (let i = 0; i < 8; i += 1) queue.add(tap(i));
    await queue.flush({ isStageChange: true });
    expect(api.batches.map((b) => b.markIds.length)).toEqual([3, 3, 2]);
    expect(api.stored.size).toBe(8);
    queue.close();
  });
});
