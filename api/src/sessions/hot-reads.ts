import type { ContainerName } from '../store/containers.js';
import type { DocumentStore, StoredDocument } from '../store/port.js';

// The documents every batch of marks reads, the circle (who its members are) and the session (who
// takes part, in which role, who opted out), change a few times a meeting but are read with every
// batch. This instance keeps the last copy of each it read, and before handing one out asks the
// store for the document's ETag alone: the same ETag means the same document, whoever wrote it
// and from whichever instance, so a copy is never stale. A store that cannot tell an ETag for
// less than a read (Cosmos DB) is read as before.
//
// Copies are shared between requests, so they are frozen: the code that reads them here only
// reads, and a mistake that writes to one throws instead of changing what the next request sees.

export interface HotReadsOptions {
  /** Documents kept at once, least recently used dropped first. */
  readonly maxDocuments?: number;
}

/** A thousand sessions under way on one instance and their circles, with room to spare. */
export const MAX_HOT_DOCUMENTS = 2_500;

interface Entry {
  readonly etag: string;
  readonly document: StoredDocument<object>;
}

export interface HotReads extends DocumentStore {
  /**
   * This instance's copy as last read, not checked against the store: only for a decision whose
   * write makes the store check it (createIfUnchanged with the copy's ETag). Undefined when
   * there is no copy.
   */
  peek<T extends object>(
    container: ContainerName,
    partitionKey: string,
    id: string,
  ): StoredDocument<T> | undefined;
}

const hotReadsByStore = new WeakMap<DocumentStore, HotReads>();

/** The store, with point reads served from this instance's copies while they are current. */
export function findHotReads(store: DocumentStore): HotReads {
  let hot = hotReadsByStore.get(store);
  if (hot === undefined) {
    hot = createHotReads(store);
    hotReadsByStore.set(store, hot);
  }
  return hot;
}

export function createHotReads(store: DocumentStore, options: HotReadsOptions = {}): HotReads {
  const readEtag = store.readEtag?.bind(store);
  if (readEtag === undefined) {
    return Object.assign(Object.create(store) as DocumentStore, { peek: () => undefined });
  }
  const maxDocuments = options.maxDocuments ?? MAX_HOT_DOCUMENTS;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>();

  const read = async <T extends object>(
    container: ContainerName,
    partitionKey: string,
    id: string,
  ): Promise<StoredDocument<T> | null> => {
    const key = `${container}\u0000${partitionKey}\u0000${id}`;
    const etag = await readEtag(container, partitionKey, id);
    const entry = entries.get(key);
    entries.delete(key);
    if (etag === null) return null;
    if (entry?.etag === etag) {
      entries.set(key, entry);
      return entry.document as StoredDocument<T>;
    }
    const document = await store.read<T>(container, partitionKey, id);
    if (document === null) return null;
    entries.set(key, { etag: document._etag, document: freezeDeeply(document) });
    for (const oldest of entries.keys()) {
      if (entries.size <= maxDocuments) break;
      entries.delete(oldest);
    }
    return document;
  };

  const createIfUnchanged = store.createIfUnchanged?.bind(store);
  return {
    kind: store.kind,
    read,
    readEtag,
    peek<T extends object>(container: ContainerName, partitionKey: string, id: string) {
      const key = `${container}\u0000${partitionKey}\u0000${id}`;
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.document as StoredDocument<T>;
    },
    create: (container, document) => store.create(container, document),
    ...(createIfUnchanged === undefined ? {} : { createIfUnchanged }),
    replace: (container, document, ifMatch) => store.replace(container, document, ifMatch),
    upsert: (container, document) => store.upsert(container, document),
    delete: (container, partitionKey, id) => store.delete(container, partitionKey, id),
    query: (container, partitionKey, queryOptions) =>
      store.query(container, partitionKey, queryOptions),
    checkHealth: () => store.checkHealth(),
    close: () => store.close(),
  };
}

function freezeDeeply<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) freezeDeeply(field);
  }
  return value;
}
