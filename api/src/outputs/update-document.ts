import type { ContainerName } from '../store/containers.js';
import { stripSystemFields as stripStoreFields } from '../store/document-rules.js';
import { PreconditionFailedError, type DocumentStore, type StoredDocument } from '../store/port.js';

// Read, change, replace if nobody wrote in between: the optimistic-concurrency loop for documents
// whose changes merge (one field of a commitment, one member of a circle). A change that must not
// merge blindly (the shared note) checks its own version instead.

const MAX_ATTEMPTS = 3;

/** The document without the store's own fields (`_etag`, and Cosmos's `_rid`, `_ts`, …). */
export function toWritable<T extends object>(document: StoredDocument<T>): T & { id: string } {
  return stripStoreFields(document) as T & { id: string };
}

/**
 * Applies `change` to the stored document and writes it back if no one else wrote in between,
 * re-reading and re-applying up to three times. Returns null when the document is absent, and
 * the stored document unchanged when `change` returns null (nothing to do).
 */
export async function updateDocument<T extends object>(
  store: DocumentStore,
  container: ContainerName,
  partitionKey: string,
  id: string,
  change: (current: StoredDocument<T>) => (T & { readonly id: string }) | null,
): Promise<StoredDocument<T> | null> {
  let lastError: PreconditionFailedError | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const current = await store.read<T>(container, partitionKey, id);
    if (current === null) return null;
    const next = change(current);
    if (next === null) return current;
    try {
      return await store.replace<T>(container, next, current._etag);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      lastError = error;
    }
  }
  // Still racing after three tries: the error handler answers 409 and the client retries.
  throw lastError ?? new PreconditionFailedError(container, id);
}
