import type { ContainerName } from './containers.js';

// The store port: a small document store that both adapters (Cosmos DB and the embedded SQLite
// store) implement with the same semantics, proven by one contract suite (store-contract.ts).
// It is shaped after Cosmos so the embedded store cannot promise what Cosmos cannot keep:
// every read is a point read or a query inside one partition, writes are per document, and
// optimistic concurrency uses ETags.

/** A document as stored: its id, its partition key field, its fields, and the store's ETag. */
export type StoredDocument<T> = T & { readonly id: string; readonly _etag: string };

export type Filter = Readonly<Record<string, string | number | boolean | null>>;

export interface QueryOptions {
  /** Equality on top-level fields, ANDed; the partition key is always applied too. */
  readonly where?: Filter;
  /** Ascending by a top-level field, then by id. */
  readonly orderBy?: string;
  readonly descending?: boolean;
  readonly limit?: number;
  /** From a previous page's `continuation`. */
  readonly continuation?: string | null;
}

export interface Page<T> {
  readonly items: readonly StoredDocument<T>[];
  /** null on the last page. */
  readonly continuation: string | null;
}

/** A write lost an optimistic-concurrency race (Cosmos 412): read again and retry or report 409. */
export class PreconditionFailedError extends Error {
  constructor(
    readonly container: ContainerName,
    readonly id: string,
  ) {
    super(`${container}/${id} was changed by someone else`);
    this.name = 'PreconditionFailedError';
  }
}

/** A create met an existing id in the same partition (Cosmos 409). */
export class ConflictError extends Error {
  constructor(
    readonly container: ContainerName,
    readonly id: string,
  ) {
    super(`${container}/${id} already exists`);
    this.name = 'ConflictError';
  }
}

/** The store could not be reached or did not answer in time: the api answers 503 with Retry-After. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export interface DocumentStore {
  readonly kind: 'sqlite' | 'cosmos';
  /** Point read; null when absent (or expired). */
  read<T extends object>(
    container: ContainerName,
    partitionKey: string,
    id: string,
  ): Promise<StoredDocument<T> | null>;
  /**
   * The ETag a point read would return now, or null when absent (or expired), for stores that
   * can tell it for less than a read costs. A cache of read documents asks it to know that an
   * entry is still current; without it, the cache reads.
   */
  readEtag?(container: ContainerName, partitionKey: string, id: string): Promise<string | null>;
  /** Throws ConflictError when the id exists in the partition. */
  create<T extends object>(
    container: ContainerName,
    document: T & { readonly id: string },
  ): Promise<StoredDocument<T>>;
  /**
   * Creates only while every listed document of the same container and partition still has the
   * ETag given, checked in the create's own transaction (as a Cosmos transactional batch would):
   * throws PreconditionFailedError when one changed or is gone, ConflictError when the id exists.
   * For stores that can check it for less than reading the documents first; a caller without it
   * reads them itself.
   */
  createIfUnchanged?<T extends object>(
    container: ContainerName,
    document: T & { readonly id: string },
    unchanged: readonly { readonly id: string; readonly etag: string }[],
  ): Promise<StoredDocument<T>>;
  /** Replaces only when the stored ETag is `ifMatch`; throws PreconditionFailedError otherwise. */
  replace<T extends object>(
    container: ContainerName,
    document: T & { readonly id: string },
    ifMatch: string,
  ): Promise<StoredDocument<T>>;
  upsert<T extends object>(
    container: ContainerName,
    document: T & { readonly id: string },
  ): Promise<StoredDocument<T>>;
  /** True when something was deleted. */
  delete(container: ContainerName, partitionKey: string, id: string): Promise<boolean>;
  /** A query inside one partition. */
  query<T extends object>(
    container: ContainerName,
    partitionKey: string,
    options?: QueryOptions,
  ): Promise<Page<T>>;
  /** Throws StoreUnavailableError when the store cannot serve requests. */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}
