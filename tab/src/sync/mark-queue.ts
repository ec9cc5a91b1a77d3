import {
  computeMarkFlushDueAtMs,
  isMarkFlushDue,
  type EpochMs,
  type Mark,
} from '@grow-together/core';

// The panel's durable mark queue. A mark is written to the page's store (IndexedDB) when it is
// made and leaves it only as acknowledged, so a closed tab, a reload or a lost network loses
// nothing: on the next start the queue reloads and sends what is still pending. Marks go in
// batches by core's flush rule (the oldest waits at most 20 s; at once at a stage change or the
// end). A batch keeps its id and its marks until the api acknowledges it, so a resend after a
// lost answer is stored once; mark ids make any other overlap harmless too.

export type QueuedMarkState = 'pending' | 'acked' | 'rejected';

export interface QueuedMark {
  readonly mark: Mark;
  /** Whose queue and which session (see `formatQueueKey`). */
  readonly queueKey: string;
  /** When it was queued, on this machine's wall clock (the flush rule's clock). */
  readonly queuedAtMs: EpochMs;
  /** Set when the mark is first put into a batch; kept for every resend of that batch. */
  readonly batchId: string | null;
  readonly state: QueuedMarkState;
}

/** Where queued marks live: IndexedDB in the page (idb-mark-store.ts), memory in tests. */
export interface MarkStore {
  load(queueKey: string): Promise<QueuedMark[]>;
  /** Insert or replace, by mark id. */
  save(items: readonly QueuedMark[]): Promise<void>;
}

export type SendOutcome =
  | { readonly kind: 'stored' }
  /** The network or the server failed: keep the batch and try again later. */
  | { readonly kind: 'retry' }
  /** The api refused one mark of the batch (403 naming it): drop it, send the rest. */
  | { readonly kind: 'reject-mark'; readonly markId: string }
  /** The api refused the batch for good (400, 404): drop it. */
  | { readonly kind: 'reject-batch' };

export interface FlushTrigger {
  readonly isStageChange?: boolean;
  readonly isEnd?: boolean;
  /** The network is back: a batch that failed goes again at once. */
  readonly isReconnect?: boolean;
}

export interface MarkQueueOptions {
  readonly store: MarkStore;
  readonly queueKey: string;
  send(batchId: string, marks: readonly Mark[]): Promise<SendOutcome>;
  createId(): string;
  readNowMs?: () => EpochMs;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Called after every change of `marks` or `pendingCount`. */
  onChange?: () => void;
  /** The largest batch the api takes (MAX_MARKS_PER_BATCH). */
  maxBatchSize?: number;
}

export interface MarkQueue {
  /** Resolves when the stored marks of this queue are loaded. */
  readonly ready: Promise<void>;
  add(mark: Mark): void;
  flush(trigger?: FlushTrigger): Promise<void>;
  /** Every mark made in this session that the api has not refused, oldest first. */
  readonly marks: readonly Mark[];
  readonly pendingCount: number;
  close(): void;
}

export function formatQueueKey(personId: string, circleId: string, sessionId: string): string {
  return `${personId}|${circleId}|${sessionId}`;
}

export function createMarkQueue(options: MarkQueueOptions): MarkQueue {
  const readNowMs = options.readNowMs ?? Date.now;
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const maxBatchSize = options.maxBatchSize ?? 500;
  const items = new Map<string, QueuedMark>();
  let lastFlushAtMs: EpochMs | null = null;
  let hasFailedSend = false;
  let timer: unknown = null;
  let isClosed = false;
  let sending: Promise<void> | null = null;
  let marksCache: Mark[] | null = null;
  // Writes go to the store in order, one after another.
  let writes: Promise<void> = Promise.resolve();

  const persist = (changed: readonly QueuedMark[]) => {
    writes = writes
      .then(() => options.store.save(changed))
      .catch((error: unknown) => {
        // The page keeps the marks in memory and sends them; only a crash before then loses them.
        console.error('Marks could not be written to the page store.', error);
      });
    return writes;
  };

  const update = (changed: readonly QueuedMark[]) => {
    for (const item of changed) items.set(item.mark.id, item);
    marksCache = null;
    options.onChange?.();
    return persist(changed);
  };

  const pending = () =>
    [...items.values()]
      .filter((item) => item.state === 'pending')
      .sort((a, b) => a.queuedAtMs - b.queuedAtMs);

  const schedule = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (isClosed) return;
    const oldest = pending()[0];
    const dueAtMs = computeMarkFlushDueAtMs({
      oldestPendingAtMs: oldest?.queuedAtMs ?? null,
      lastFlushAtMs,
    });
    if (dueAtMs === null) return;
    timer = setTimer(
      () => {
        timer = null;
        void queue.flush();
      },
      Math.max(0, dueAtMs - readNowMs()),
    );
  };

  const ready = options.store
    .load(options.queueKey)
    .then((loaded) => {
      for (const item of loaded) if (!items.has(item.mark.id)) items.set(item.mark.id, item);
      marksCache = null;
      options.onChange?.();
      schedule();
    })
    .catch((error: unknown) => {
      console.error('Queued marks could not be read from the page store.', error);
    });

  /** The batch to send next: one already formed and not acknowledged, or a new one. */
  const takeBatch = async (): Promise<{ batchId: string; items: QueuedMark[] } | null> => {
    const waiting = pending();
    const formed = waiting.find((item) => item.batchId !== null);
    if (formed?.batchId) {
      const batchId = formed.batchId;
      return { batchId, items: waiting.filter((item) => item.batchId === batchId) };
    }
    if (waiting.length === 0) return null;
    const batchId = options.createId();
    const batch = waiting.slice(0, maxBatchSize).map((item) => ({ ...item, batchId }));
    await update(batch);
    return { batchId, items: batch };
  };

  const sendBacklog = async (backlogUntilMs: EpochMs): Promise<void> => {
    for (;;) {
      if (isClosed) return;
      const batch = await takeBatch();
      if (batch === null) return;
      const isBacklog = batch.items.some((item) => item.queuedAtMs <= backlogUntilMs);
      if (!isBacklog) return;
      lastFlushAtMs = readNowMs();
      let outcome: SendOutcome;
      try {
        outcome = await options.send(
          batch.batchId,
          batch.items.map((item) => item.mark),
        );
      } catch (error) {
        console.warn('A batch of marks could not be sent; it will be sent again.', error);
        outcome = { kind: 'retry' };
      }
      if (outcome.kind === 'retry') {
        hasFailedSend = true;
        return;
      }
      hasFailedSend = false;
      if (outcome.kind === 'reject-mark') {
        const refused = items.get(outcome.markId);
        if (refused === undefined || refused.state !== 'pending') {
          // The api named a mark that is not in the batch: treat the batch as refused.
          await update(batch.items.map((item) => ({ ...item, state: 'rejected' as const })));
        } else {
          await update([{ ...refused, state: 'rejected' }]);
        }
        continue;
      }
      const state = outcome.kind === 'stored' ? 'acked' : 'rejected';
      await update(batch.items.map((item) => ({ ...item, state })));
    }
  };

  const queue: MarkQueue = {
    ready,
    add(mark) {
      if (isClosed) throw new Error('The mark queue is closed.');
      void update([
        {
          mark,
          queueKey: options.queueKey,
          queuedAtMs: readNowMs(),
          batchId: null,
          state: 'pending',
        },
      ]);
      if (timer === null) schedule();
    },
    async flush(trigger = {}) {
      await ready;
      if (sending !== null) {
        await sending;
        // A stage change or the end that came while a batch was out still sends at once.
        if (!trigger.isStageChange && !trigger.isEnd && !trigger.isReconnect) return;
      }
      const oldest = pending()[0];
      const nowMs = readNowMs();
      const isDue =
        (trigger.isReconnect === true && hasFailedSend && oldest !== undefined) ||
        isMarkFlushDue({
          oldestPendingAtMs: oldest?.queuedAtMs ?? null,
          lastFlushAtMs,
          nowMs,
          isStageChange: trigger.isStageChange ?? false,
          isEnd: trigger.isEnd ?? false,
        });
      if (!isDue) {
        schedule();
        return;
      }
      sending = sendBacklog(nowMs).finally(() => {
        sending = null;
        schedule();
      });
      await sending;
    },
    get marks() {
      marksCache ??= [...items.values()]
        .filter((item) => item.state !== 'rejected')
        .map((item) => item.mark)
        .sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return marksCache;
    },
    get pendingCount() {
      let count = 0;
      for (const item of items.values()) if (item.state === 'pending') count += 1;
      return count;
    },
    close() {
      isClosed = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
  return queue;
}

/** A store in memory: for tests, and for a page where IndexedDB is unavailable. */
export function createMemoryMarkStore(): MarkStore & { readonly records: Map<string, QueuedMark> } {
  const records = new Map<string, QueuedMark>();
  return {
    records,
    async load(queueKey) {
      return [...records.values()].filter((item) => item.queueKey === queueKey);
    },
    async save(changed) {
      for (const item of changed) records.set(item.mark.id, item);
    },
  };
}
