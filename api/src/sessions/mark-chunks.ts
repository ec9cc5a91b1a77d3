import type { Mark } from '@grow-together/core';
import type { DocumentStore, Filter, Page, StoredDocument } from '../store/port.js';
import type { MarkChunkDocument } from './model.js';

/** Every mark chunk of a session, from one partition's query, oldest first. */
export async function readMarkChunks(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
): Promise<StoredDocument<MarkChunkDocument>[]> {
  return queryAll<MarkChunkDocument>(store, circleId, { type: 'marks', sessionId }, 'storedAtMs');
}

/** A session's marks, each id once (the first stored wins): what the summary folds. */
export async function readSessionMarks(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
): Promise<Mark[]> {
  const byId = new Map<string, Mark>();
  for (const chunk of await readMarkChunks(store, circleId, sessionId)) {
    for (const mark of chunk.marks) if (!byId.has(mark.id)) byId.set(mark.id, mark);
  }
  return [...byId.values()];
}

export async function queryAll<T extends object>(
  store: DocumentStore,
  circleId: string,
  where: Filter,
  orderBy: string,
): Promise<StoredDocument<T>[]> {
  const items: StoredDocument<T>[] = [];
  let continuation: string | null = null;
  do {
    const page: Page<T> = await store.query<T>('circles', circleId, {
      where,
      orderBy,
      limit: 500,
      continuation,
    });
    items.push(...page.items);
    continuation = page.continuation;
  } while (continuation !== null);
  return items;
}
