import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../sessions/model.js';
import { createSqliteDocumentStore } from '../store/sqlite/sqlite-document-store.js';
import type { DocumentStore } from '../store/port.js';
import {
  CHANGE_BUCKET_MS,
  CHANGE_TTL_SECONDS,
  createLiveSync,
  formatBucket,
  type ChangeRecord,
  type LiveSync,
} from './live-sync.js';

// Live sync between instances that share only a store: the change log is a doorbell, and the
// session read after it is the truth. A clock is handed in, so window edges are tested exactly.

const silentLog = { warn: () => undefined, error: () => undefined } as unknown as FastifyBaseLogger;
const opened: { store: DocumentStore; instances: LiveSync[] }[] = [];

afterEach(async () => {
  for (const { store, instances } of opened.splice(0)) {
    await Promise.all(instances.map((instance) => instance.close()));
    await store.close();
  }
});

function openInstances(startAtMs: number) {
  const store = createSqliteDocumentStore({
    path: ':memory:',
    retentionDays: 30,
    purgeIntervalMs: 0,
  });
  const sessions = new Map<string, SessionView>();
  const clock = { nowMs: startAtMs };
  const open = () =>
    createLiveSync({
      store,
      readSession: async (circleId, sessionId) => sessions.get(`${circleId}:${sessionId}`) ?? null,
      log: silentLog,
      pollIntervalMs: 5,
      readNowMs: () => clock.nowMs,
    });
  const instances = [open(), open()] as const;
  opened.push({ store, instances: [...instances] });
  const save = (version: number): SessionView => {
    const session = { id: 's1', circleId: 'c1', version } as SessionView;
    sessions.set('c1:s1', session);
    return session;
  };
  return { store, clock, instances, save };
}

function record(version: number, atMs: number, instanceId: string): ChangeRecord {
  return {
    id: 'c1:s1',
    bucket: formatBucket(atMs),
    circleId: 'c1',
    sessionId: 's1',
    version,
    instanceId,
    atMs,
    ttl: CHANGE_TTL_SECONDS,
  };
}

describe('live sync across instances', () => {
  it('fans a change out on its own instance at once, and on the other through the store', async () => {
    const { instances, save } = openInstances(Date.UTC(2030, 0, 1, 9, 0, 3));
    const [writer, reader] = instances;
    const onWriter: number[] = [];
    const onReader: number[] = [];
    writer.subscribe('c1', 's1', {
      onUpdate: (s) => onWriter.push(s.version),
      onClose: () => undefined,
    });
    reader.subscribe('c1', 's1', {
      onUpdate: (s) => onReader.push(s.version),
      onClose: () => undefined,
    });
    const publishing = writer.publish(save(2));
    expect(onWriter).toEqual([2]);
    await publishing;
    await expect.poll(() => onReader).toEqual([2]);
    await writer.publish(save(3));
    await expect.poll(() => onReader).toEqual([2, 3]);
  });

  it('still rings when an older change record lands after a newer one', async () => {
    const startAtMs = Date.UTC(2030, 0, 1, 9, 0, 3);
    const { store, instances, save } = openInstances(startAtMs);
    const [writer, reader] = instances;
    const onReader: number[] = [];
    reader.subscribe('c1', 's1', {
      onUpdate: (s) => onReader.push(s.version),
      onClose: () => undefined,
    });
    await reader.publish(save(2));
    expect(onReader).toEqual([2]);
    // Version 3 is saved and its record written; a slow writer's record for 2 then overwrites it.
    save(3);
    await store.upsert('changes', record(3, startAtMs, writer.instanceId));
    await store.upsert('changes', record(2, startAtMs, writer.instanceId));
    await expect.poll(() => onReader).toEqual([2, 3]);
  });

  it('reads the previous window for a moment, so a late write there is not missed', async () => {
    const windowStartMs = Date.UTC(2030, 0, 1, 9, 0, 10);
    expect(windowStartMs % CHANGE_BUCKET_MS).toBe(0);
    const { store, clock, instances, save } = openInstances(windowStartMs + 1_000);
    const [writer, reader] = instances;
    const onReader: number[] = [];
    reader.subscribe('c1', 's1', {
      onUpdate: (s) => onReader.push(s.version),
      onClose: () => undefined,
    });
    // Written by a writer whose clock is still in the window before.
    save(2);
    await store.upsert('changes', record(2, windowStartMs - 500, writer.instanceId));
    await expect.poll(() => onReader).toEqual([2]);

    clock.nowMs = windowStartMs + 5_000;
    save(3);
    await store.upsert('changes', record(3, windowStartMs - 400, writer.instanceId));
    // Past the late-write allowance the old window is no longer read; the next change, in the
    // current window, brings the reader up to date all the same.
    await writer.publish(save(4));
    await expect.poll(() => onReader).toEqual([2, 4]);
  });

  it('ends every stream when it closes and stops polling', async () => {
    const { instances } = openInstances(Date.UTC(2030, 0, 1, 9, 0, 3));
    const [instance] = instances;
    let closed = 0;
    instance.subscribe('c1', 's1', { onUpdate: () => undefined, onClose: () => (closed += 1) });
    instance.subscribe('c1', 's2', { onUpdate: () => undefined, onClose: () => (closed += 1) });
    expect(instance.countSubscribers()).toBe(2);
    await instance.close();
    expect(closed).toBe(2);
    expect(instance.countSubscribers()).toBe(0);
  });
});
