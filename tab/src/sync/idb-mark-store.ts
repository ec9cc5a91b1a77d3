import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MarkStore, QueuedMark } from './mark-queue.js';

// The mark queue's durable store: IndexedDB, one record per mark, found by queue key. Records of
// acknowledged marks stay for the live view after a reload and are pruned after a week.

const DB_NAME = 'grow-together';
const DB_VERSION = 1;
const KEEP_ACKED_MS = 7 * 24 * 60 * 60 * 1000;

interface MarkRecord extends QueuedMark {
  readonly id: string;
}

interface PanelDb extends DBSchema {
  marks: { key: string; value: MarkRecord; indexes: { byQueue: string } };
}

export async function openIdbMarkStore(readNowMs: () => number = Date.now): Promise<MarkStore> {
  const db: IDBPDatabase<PanelDb> = await openDB<PanelDb>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      const marks = database.createObjectStore('marks', { keyPath: 'id' });
      marks.createIndex('byQueue', 'queueKey');
    },
  });
  await pruneAcked(db, readNowMs() - KEEP_ACKED_MS);
  return {
    async load(queueKey) {
      const records = await db.getAllFromIndex('marks', 'byQueue', queueKey);
      return records.map(({ id: _id, ...item }) => item);
    },
    async save(items) {
      const transaction = db.transaction('marks', 'readwrite');
      await Promise.all([
        ...items.map((item) => transaction.store.put({ ...item, id: item.mark.id })),
        transaction.done,
      ]);
    },
  };
}

async function pruneAcked(db: IDBPDatabase<PanelDb>, beforeMs: number): Promise<void> {
  let cursor = await db.transaction('marks', 'readwrite').store.openCursor();
  while (cursor) {
    if (cursor.value.state !== 'pending' && cursor.value.queuedAtMs < beforeMs) {
      await cursor.delete();
    }
    cursor = await cursor.continue();
  }
}
