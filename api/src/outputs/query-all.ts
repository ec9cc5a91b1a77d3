import type { ContainerName } from '../store/containers.js';
import type { DocumentStore, Filter, Page, StoredDocument } from '../store/port.js';

// The lists this reads are small (a session's outputs, a person's own documents), so following
// every page is cheaper than a paging API nobody needs; the cap turns a runaway partition into a
// loud error instead of a server that quietly fills its memory.
const MAX_PAGES = 200;
const PAGE_SIZE = 200;

/**
 * Every document in one partition that matches `where`, ascending by `orderBy`. Every matching
 * document must carry `orderBy`: Cosmos DB leaves out documents that lack the field it orders by
 * (the embedded store keeps them), so `id` is the safe choice when in doubt.
 */
export async function queryAll<T extends object>(
  store: DocumentStore,
  container: ContainerName,
  partitionKey: string,
  where: Filter,
  orderBy: string,
): Promise<StoredDocument<T>[]> {
  const items: StoredDocument<T>[] = [];
  let continuation: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Page<T> = await store.query<T>(container, partitionKey, {
      where,
      orderBy,
      limit: PAGE_SIZE,
      continuation,
    });
    items.push(...result.items);
    continuation = result.continuation;
    if (continuation === null) return items;
  }
  throw new Error(`${container} query ran past ${MAX_PAGES} pages of ${PAGE_SIZE}`);
}
