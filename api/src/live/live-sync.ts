import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { DocumentStore, Page, StoredDocument } from '../store/port.js';
import type { SessionView } from '../sessions/model.js';

// Live sync: every panel watching a session gets each new version of it. Within one instance a
// saved change goes straight to that instance's subscribers. Across instances it goes through the
// store, never instance memory alone: after each save the writer upserts a small change record into
// the `changes` container, partitioned by a 10-second window, and every instance that has
// subscribers polls the current window with one single-partition query. A record it has not seen
// (a new ETag) for a session it has subscribers for makes it point-read that session and fan the
// new version out. The record is only a doorbell; the session read after it is the truth, so a
// record overwritten out of order (an older version landing last) still rings, and the read finds
// the newest version. README.md ("Live sync cost") gives what this costs on Cosmos DB.

export const CHANGE_BUCKET_MS = 10_000;
/** Records outlive the two windows anyone reads; Cosmos drops them after this (the container's TTL). */
export const CHANGE_TTL_SECONDS = 120;
export const DEFAULT_POLL_INTERVAL_MS = 250;
/**
 * For this long into a new window the previous one is read too: a write that lands in it late (a
 * slow request, or a writer whose clock is behind ours) is still seen.
 */
export const LATE_WRITE_MS = 2_000;

export interface ChangeRecord {
  /** `<circleId>:<sessionId>`: one record per session per window, overwritten by each change. */
  readonly id: string;
  readonly bucket: string;
  readonly circleId: string;
  readonly sessionId: string;
  readonly version: number;
  readonly instanceId: string;
  readonly atMs: number;
  readonly ttl: number;
}

export type LiveListener = (session: SessionView) => void;

export interface LiveSubscription {
  readonly onUpdate: LiveListener;
  /** The server is shutting down: end the stream. */
  readonly onClose: () => void;
}

export interface LiveSyncOptions {
  readonly store: DocumentStore;
  /** A point read of the session as clients see it; null when it is gone. */
  readonly readSession: (circleId: string, sessionId: string) => Promise<SessionView | null>;
  readonly log: FastifyBaseLogger;
  readonly pollIntervalMs?: number;
  readonly readNowMs?: () => number;
}

export interface LiveSync {
  readonly instanceId: string;
  /** Returns the unsubscribe function. */
  subscribe(circleId: string, sessionId: string, subscription: LiveSubscription): () => void;
  /** Call after every saved change to a session document. */
  publish(session: SessionView): Promise<void>;
  countSubscribers(): number;
  close(): Promise<void>;
}

export function formatBucket(atMs: number): string {
  return String(Math.floor(atMs / CHANGE_BUCKET_MS));
}

export function createLiveSync(options: LiveSyncOptions): LiveSync {
  const { store, readSession, log } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const readNowMs = options.readNowMs ?? Date.now;
  const instanceId = randomUUID();

  const subscribers = new Map<string, Set<LiveSubscription>>();
  /** The newest version this instance has handed its subscribers, per session with subscribers. */
  const latestVersions = new Map<string, number>();
  /** Per window, the ETag of each change record already acted on. */
  const seenRecords = new Map<number, Map<string, string>>();
  let pollTimer: NodeJS.Timeout | null = null;
  let isPolling = false;
  let isClosed = false;

  function fanOut(session: SessionView): void {
    const key = formatKey(session.circleId, session.id);
    const listeners = subscribers.get(key);
    if (listeners === undefined) return;
    if (session.version <= (latestVersions.get(key) ?? -1)) return;
    latestVersions.set(key, session.version);
    for (const listener of listeners) {
      try {
        listener.onUpdate(session);
      } catch (error) {
        log.error({ err: error }, 'a live subscriber failed on an update');
      }
    }
  }

  function schedulePoll(): void {
    if (isClosed || pollTimer !== null || isPolling || subscribers.size === 0) return;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      void runPoll();
    }, pollIntervalMs);
    pollTimer.unref();
  }

  async function runPoll(): Promise<void> {
    isPolling = true;
    try {
      await pollChanges();
    } catch (error) {
      // The store is briefly unreachable: the next poll catches up, since records last two windows.
      log.warn({ err: error }, 'live sync could not read the change log');
    } finally {
      isPolling = false;
      schedulePoll();
    }
  }

  async function pollChanges(): Promise<void> {
    const nowMs = readNowMs();
    const bucket = Math.floor(nowMs / CHANGE_BUCKET_MS);
    const buckets = nowMs % CHANGE_BUCKET_MS < LATE_WRITE_MS ? [bucket - 1, bucket] : [bucket];
    const toRead = new Map<string, { circleId: string; sessionId: string }>();
    for (const window of buckets) {
      const seen = seenRecords.get(window) ?? new Map<string, string>();
      seenRecords.set(window, seen);
      for (const record of await readWindow(window)) {
        if (seen.get(record.id) === record._etag) continue;
        seen.set(record.id, record._etag);
        const key = formatKey(record.circleId, record.sessionId);
        if (!subscribers.has(key)) continue;
        const isOwnKnownWrite =
          record.instanceId === instanceId && record.version <= (latestVersions.get(key) ?? -1);
        if (!isOwnKnownWrite) toRead.set(key, record);
      }
    }
    for (const window of seenRecords.keys()) {
      if (window < bucket - 1) seenRecords.delete(window);
    }
    await Promise.all(
      [...toRead.values()].map(async ({ circleId, sessionId }) => {
        const session = await readSession(circleId, sessionId);
        if (session !== null) fanOut(session);
      }),
    );
  }

  async function readWindow(window: number): Promise<StoredDocument<ChangeRecord>[]> {
    const records: StoredDocument<ChangeRecord>[] = [];
    let continuation: string | null = null;
    do {
      const page: Page<ChangeRecord> = await store.query<ChangeRecord>('changes', String(window), {
        limit: 1_000,
        continuation,
      });
      records.push(...page.items);
      continuation = page.continuation;
    } while (continuation !== null);
    return records;
  }

  return {
    instanceId,

    subscribe(circleId, sessionId, subscription) {
      const key = formatKey(circleId, sessionId);
      const listeners = subscribers.get(key) ?? new Set<LiveSubscription>();
      subscribers.set(key, listeners);
      listeners.add(subscription);
      schedulePoll();
      return () => {
        listeners.delete(subscription);
        if (listeners.size === 0 && subscribers.get(key) === listeners) {
          subscribers.delete(key);
          latestVersions.delete(key);
        }
      };
    },

    async publish(session) {
      fanOut(session);
      const atMs = readNowMs();
      const record: ChangeRecord = {
        id: formatKey(session.circleId, session.id),
        bucket: formatBucket(atMs),
        circleId: session.circleId,
        sessionId: session.id,
        version: session.version,
        instanceId,
        atMs,
        ttl: CHANGE_TTL_SECONDS,
      };
      await store.upsert('changes', record);
    },

    countSubscribers() {
      let count = 0;
      for (const listeners of subscribers.values()) count += listeners.size;
      return count;
    },

    async close() {
      isClosed = true;
      if (pollTimer !== null) clearTimeout(pollTimer);
      pollTimer = null;
      for (const listeners of subscribers.values()) {
        for (const listener of listeners) listener.onClose();
      }
      subscribers.clear();
      latestVersions.clear();
    },
  };
}

function formatKey(circleId: string, sessionId: string): string {
  return `${circleId}:${sessionId}`;
}
