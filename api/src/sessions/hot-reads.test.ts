import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../store/port.js';
import { createSqliteDocumentStore } from '../store/sqlite/sqlite-document-store.js';
import { createHotReads } from './hot-reads.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two stores on one file: two connections, as two server processes have. */
async function openTwoInstances() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hot-reads-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const open = () => {
    const store = createSqliteDocumentStore({
      path: path.join(dir, 'store.db'),
      retentionDays: 30,
      purgeIntervalMs: 0,
    });
    cleanups.push(() => store.close());
    return store;
  };
  return [open(), open()] as const;
}

/** Counts the full reads that reach the store. */
function countReads(store: DocumentStore & Required<Pick<DocumentStore, 'readEtag'>>) {
  const counter = { reads: 0, store };
  counter.store = {
    ...store,
    read: (container, partitionKey, id) => {
      counter.reads += 1;
      return store.read(container, partitionKey, id);
    },
  };
  return counter;
}

describe('hot reads', () => {
  it('hands out the copy it holds while the stored ETag is the same, frozen', async () => {
    const [store] = await openTwoInstances();
    await store.create('circles', {
      id: 'c1',
      circleId: 'c1',
      members: { ana: { role: 'coach' } },
    });
    const counted = countReads(store);
    const hot = createHotReads(counted.store);
    const first = await hot.read<{ members: Record<string, { role: string }> }>(
      'circles',
      'c1',
      'c1',
    );
    const second = await hot.read('circles', 'c1', 'c1');
    expect(second).toBe(first);
    expect(counted.reads).toBe(1);
    expect(() => {
      if (first !== null) first.members['ana'] = { role: 'observer' };
    }).toThrow(TypeError);
  });

  it("sees another instance's change, and its delete, at once", async () => {
    const [here, there] = await openTwoInstances();
    const created = await here.create('circles', { id: 'c1', circleId: 'c1', name: 'Trio' });
    const hot = createHotReads(here);
    expect(await hot.read('circles', 'c1', 'c1')).toMatchObject({ name: 'Trio' });
    await there.replace('circles', { id: 'c1', circleId: 'c1', name: 'Pair' }, created._etag);
    expect(await hot.read('circles', 'c1', 'c1')).toMatchObject({ name: 'Pair' });
    await there.delete('circles', 'c1', 'c1');
    expect(await hot.read('circles', 'c1', 'c1')).toBeNull();
    await there.create('circles', { id: 'c1', circleId: 'c1', name: 'Again' });
    expect(await hot.read('circles', 'c1', 'c1')).toMatchObject({ name: 'Again' });
  });

  it('keeps at most maxDocuments copies, the least recently used dropped first', async () => {
    const [store] = await openTwoInstances();
    for (const id of ['a', 'b', 'c']) await store.create('circles', { id, circleId: 'c1' });
    const counted = countReads(store);
    const hot = createHotReads(counted.store, { maxDocuments: 2 });
    await hot.read('circles', 'c1', 'a');
    await hot.read('circles', 'c1', 'b');
    await hot.read('circles', 'c1', 'a');
    await hot.read('circles', 'c1', 'c');
    expect(counted.reads).toBe(3);
    await hot.read('circles', 'c1', 'a');
    expect(counted.reads).toBe(3);
    await hot.read('circles', 'c1', 'b');
    expect(counted.reads).toBe(4);
  });

  it('reads as before from a store that cannot tell an ETag cheaply', async () => {
    const [store] = await openTwoInstances();
    const withoutEtags: DocumentStore = { ...store };
    delete withoutEtags.readEtag;
    await withoutEtags.create('circles', { id: 'a', circleId: 'c1', n: 1 });
    const hot = createHotReads(withoutEtags);
    expect(hot.readEtag).toBeUndefined();
    expect(await hot.read('circles', 'c1', 'a')).toMatchObject({ n: 1 });
    // No copy is kept, so none is handed out unchecked either.
    expect(hot.peek('circles', 'c1', 'a')).toBeUndefined();
  });
});
