// A document store that counts the writes passing through it, by what was written, and hands
// everything else to the store it wraps.
import type { ContainerName } from '../../../api/src/store/containers.js';
import type { DocumentStore } from '../../../api/src/store/port.js';

export interface WriteCounter {
  readonly store: DocumentStore;
  /** Writes (create, replace, upsert, delete) since the last reset, by kind, e.g. `circles/marks`. */
  readCounts(): ReadonlyMap<string, number>;
  reset(): void;
}

export function countStoreWrites(inner: DocumentStore): WriteCounter {
  const counts = new Map<string, number>();
  const count = (container: ContainerName, document: object | null) => {
    const type = document !== null && 'type' in document ? String(document.type) : null;
    const kind = type === null ? container : `${container}/${type}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  };
  const store: DocumentStore = {
    kind: inner.kind,
    read: (container, partitionKey, id) => inner.read(container, partitionKey, id),
    query: (container, partitionKey, options) => inner.query(container, partitionKey, options),
    create(container, document) {
      count(container, document);
      return inner.create(container, document);
    },
    replace(container, document, ifMatch) {
      count(container, document);
      return inner.replace(container, document, ifMatch);
    },
    upsert(container, document) {
      count(container, document);
      return inner.upsert(container, document);
    },
    delete(container, partitionKey, id) {
      count(container, null);
      return inner.delete(container, partitionKey, id);
    },
    checkHealth: () => inner.checkHealth(),
    close: () => inner.close(),
  };
  return {
    store,
    readCounts: () => new Map(counts),
    reset: () => counts.clear(),
  };
}
