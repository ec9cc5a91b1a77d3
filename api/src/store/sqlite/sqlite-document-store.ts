// The embedded store for one machine: one SQLite table of JSON documents keyed like Cosmos
// (container, partition key, id), with ETags and expiry, behind the same port and contract.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ContainerName } from '../containers.js';
import {
  computeDocumentTtlSeconds,
  stripSystemFields,
  validateWritableDocument,
} from '../document-rules.js';
import { ConflictError, PreconditionFailedError, StoreUnavailableError } from '../port.js';
import type { DocumentStore, Page, QueryOptions, StoredDocument } from '../port.js';
import { planQuery } from '../query-plan.js';
import type { FilterValue, QueryPlan } from '../query-plan.js';
import {
  createInlineWriter,
  createWorkerWriter,
  GUARD_UNMET,
  WriterClosedError,
  type SqliteWriter,
  type WriterStats,
  type WriteParams,
} from './sqlite-writer.js';

export interface SqliteDocumentStoreOptions {
  /** A file path (its folder is created), or ':memory:' for tests. */
  readonly path: string;
  /** Retention of 'session-data' containers; 0 keeps documents until deleted. */
  readonly retentionDays: number;
  readonly now?: () => number;
  /** How long a write waits for another process's write lock before the store counts as unavailable. */
  readonly busyTimeoutMs?: number;
  /** How often expired documents are deleted; 0 leaves it to whoever calls purgeExpired(). */
  readonly purgeIntervalMs?: number;
}

export interface SqliteDocumentStore extends DocumentStore {
  readonly kind: 'sqlite';
  /** A point lookup of the ETag column alone: no body copied out of SQLite, none parsed. */
  readEtag(container: ContainerName, partitionKey: string, id: string): Promise<string | null>;
  /** Checked by the writer in the create's own transaction, at no cost to this thread. */
  createIfUnchanged: NonNullable<DocumentStore['createIfUnchanged']>;
  /** Deletes expired documents (reads already hide them); returns how many. */
  purgeExpired(): Promise<number>;
  /** Writes so far and the transactions they took (writes that arrive together share one). */
  readWriteStats(): WriterStats;
}

const SCHEMA_VERSION = 1;
/** How many documents one createIfUnchanged may list. */
const MAX_UNCHANGED = 3;
const PURGE_BATCH_SIZE = 500;
const PURGE_INTERVAL_MS_DEFAULT = 15 * 60_000;
// Query shapes come from code, so the cache stays small; the bound is a guard, not a tuning knob.
const MAX_CACHED_QUERIES = 256;

interface DocumentRow {
  readonly id: string;
  readonly body: string;
  readonly etag: string;
  readonly sort_value?: string | number | null;
}

/** Where the previous page stopped: the last row's sort value and id. */
interface KeysetPosition {
  readonly value: string | number | null;
  readonly id: string;
}

export function createSqliteDocumentStore(
  options: SqliteDocumentStoreOptions,
): SqliteDocumentStore {
  const now = options.now ?? Date.now;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const db = openDatabase(options.path, busyTimeoutMs);
  const statements = prepareReadStatements(db);
  const queryStatements = new Map<string, Database.Statement>();
  // A file is written by its own thread, in groups; this connection then only reads.
  const writer: SqliteWriter =
    options.path === ':memory:'
      ? createInlineWriter(db, prepareWriteStatements(db))
      : createWorkerWriter({ path: options.path, busyTimeoutMs, statements: WRITE_STATEMENTS });
  const runWrite = async (
    statement: WriteStatement,
    params: WriteParams,
    guard?: WriteStatement,
  ): Promise<number> => {
    try {
      return await writer.run(statement, params, guard);
    } catch (error) {
      throw toStoreError(error);
    }
  };

  // `check` throws when the write did not happen (a conflict, a stale ETag, a guard unmet).
  const write = async <T extends object>(
    container: ContainerName,
    document: T & { readonly id: string },
    statement: WriteStatement,
    check: (changes: number) => void,
    extra?: { readonly guard?: WriteStatement; readonly params: WriteParams },
  ): Promise<StoredDocument<T>> => {
    const partitionKey = validateWritableDocument(container, document);
    const nowMs = now();
    const ttlSeconds = computeDocumentTtlSeconds(container, document, options.retentionDays);
    const stored = stripSystemFields(document);
    const body = JSON.stringify(stored);
    const etag = `"${randomUUID()}"`;
    const expiresAtMs = ttlSeconds === null ? null : nowMs + ttlSeconds * 1_000;
    const params: Record<string, string | number | null> = {
      container,
      partitionKey,
      id: document.id,
      body,
      etag,
      expiresAtMs,
      nowMs,
    };
    if (extra !== undefined) Object.assign(params, extra.params);
    check(await runWrite(statement, params, extra?.guard));
    // The answer is a new object, not parsed back from what was stored: only its nested values are
    // the caller's own, which the caller already holds.
    return Object.assign(stored, { _etag: etag }) as StoredDocument<T>;
  };

  const create = <T extends object>(
    container: ContainerName,
    document: T & { readonly id: string },
  ): Promise<StoredDocument<T>> =>
    write(container, document, 'create', (changes) => {
      if (changes === 0) throw new ConflictError(container, document.id);
    });

  // In batches with a turn of the event loop between them, so a large purge never holds the
  // write lock or the server for long.
  const purgeExpired = async (): Promise<number> => {
    let purged = 0;
    for (;;) {
      const changes = await runWrite('purge', { nowMs: now(), batchSize: PURGE_BATCH_SIZE });
      purged += changes;
      if (changes < PURGE_BATCH_SIZE || !db.open) return purged;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // Reads already hide expired documents, so the purge only reclaims space; a failed one is
  // reported and tried again at the next interval.
  const purgeIntervalMs = options.purgeIntervalMs ?? PURGE_INTERVAL_MS_DEFAULT;
  const purgeTimer =
    purgeIntervalMs > 0
      ? setInterval(() => {
          purgeExpired().catch((error: unknown) => {
            process.emitWarning(
              new StoreUnavailableError('Purging expired documents failed', { cause: error }),
            );
          });
        }, purgeIntervalMs).unref()
      : null;

  return {
    kind: 'sqlite',

    async read<T extends object>(container: ContainerName, partitionKey: string, id: string) {
      return guard(() => {
        const row = statements.read.get(container, partitionKey, id, now()) as
          DocumentRow | undefined;
        return row === undefined ? null : toDocument<T>(row);
      });
    },

    async readEtag(container, partitionKey, id) {
      return guard(() => {
        const etag = statements.readEtag.get(container, partitionKey, id, now()) as
          string | undefined;
        return etag ?? null;
      });
    },

    create,

    async createIfUnchanged(container, document, unchanged) {
      const first = unchanged[0];
      if (first === undefined) return create(container, document);
      if (unchanged.length > MAX_UNCHANGED) {
        throw new TypeError(`createIfUnchanged lists at most ${MAX_UNCHANGED} documents.`);
      }
      const listed: Record<string, string> = {};
      for (const [n, { id, etag }] of unchanged.entries()) {
        listed[`unchangedId${n}`] = id;
        listed[`unchangedEtag${n}`] = etag;
      }
      return write(
        container,
        document,
        'create',
        (changes) => {
          if (changes === GUARD_UNMET) throw new PreconditionFailedError(container, first.id);
          if (changes === 0) throw new ConflictError(container, document.id);
        },
        { guard: `unchanged${unchanged.length}` as WriteStatement, params: listed },
      );
    },

    async replace(container, document, ifMatch) {
      return write(
        container,
        document,
        'replace',
        (changes) => {
          if (changes === 0) throw new PreconditionFailedError(container, document.id);
        },
        { params: { ifMatch } },
      );
    },

    async upsert(container, document) {
      return write(container, document, 'upsert', () => undefined);
    },

    async delete(container, partitionKey, id) {
      return (await runWrite('delete', { container, partitionKey, id, nowMs: now() })) > 0;
    },

    async query<T extends object>(
      container: ContainerName,
      partitionKey: string,
      queryOptions?: QueryOptions,
    ): Promise<Page<T>> {
      const plan = planQuery(container, partitionKey, queryOptions);
      const position = plan.readPosition(isKeysetPosition);
      const { sql, parameters } = buildQuery(plan, position);
      return guard(() => {
        let statement = queryStatements.get(sql);
        if (statement === undefined) {
          if (queryStatements.size >= MAX_CACHED_QUERIES) queryStatements.clear();
          statement = db.prepare(sql);
          queryStatements.set(sql, statement);
        }
        const rows = statement.all(container, partitionKey, now(), ...parameters) as DocumentRow[];
        // One row more than the page shows whether another page follows.
        const pageRows = plan.limit === null ? rows : rows.slice(0, plan.limit);
        const last = pageRows.at(-1);
        const hasMore = rows.length > pageRows.length && last !== undefined;
        return {
          items: pageRows.map((row) => toDocument<T>(row)),
          continuation: hasMore
            ? plan.encodeContinuation({ value: last.sort_value ?? null, id: last.id })
            : null,
        };
      });
    },

    // Reads and writes are checked apart, as they can fail apart: WAL lets this connection read
    // while another process holds the write lock, which leaves every write waiting and then
    // failing. The write check goes through the writer thread like any write, so it also waits
    // its turn behind the writes under way (its latency is theirs).
    async checkHealth() {
      guard(() => statements.health.get());
      await runWrite('probe', {});
    },

    purgeExpired,

    readWriteStats: () => writer.readStats(),

    async close() {
      if (purgeTimer !== null) clearInterval(purgeTimer);
      await writer.close();
      if (db.open) db.close();
    },
  };
}

function openDatabase(filePath: string, busyTimeoutMs: number): Database.Database {
  const isInMemory = filePath === ':memory:';
  if (!isInMemory) mkdirSync(path.dirname(filePath), { recursive: true });
  const db = new Database(filePath, { timeout: busyTimeoutMs });
  if (!isInMemory) {
    db.pragma('journal_mode = WAL');
    // This connection creates the schema, then only reads: the writer thread writes, with
    // synchronous = FULL (sqlite-write-worker.js).
    db.pragma('synchronous = FULL');
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`${filePath} was written by a newer version (schema ${version}).`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS documents (
      container TEXT NOT NULL,
      partition_key TEXT NOT NULL,
      id TEXT NOT NULL,
      body TEXT NOT NULL,
      etag TEXT NOT NULL,
      expires_at_ms INTEGER,
      PRIMARY KEY (container, partition_key, id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS documents_by_expiry ON documents (expires_at_ms)
      WHERE expires_at_ms IS NOT NULL;
    -- A circle's partition holds every session it ever had; the queries for one session's
    -- documents (its mark chunks, its outputs) find them here instead of reading the partition.
    CREATE INDEX IF NOT EXISTS documents_by_session
      ON documents (container, partition_key, json_extract(body, '$.sessionId'));
    PRAGMA user_version = ${SCHEMA_VERSION};
  `);
  return db;
}

const KEY = 'container = @container AND partition_key = @partitionKey AND id = @id';
const IS_LIVE = '(expires_at_ms IS NULL OR expires_at_ms > @nowMs)';
const COLUMNS = '(container, partition_key, id, body, etag, expires_at_ms)';
const VALUES = '(@container, @partitionKey, @id, @body, @etag, @expiresAtMs)';
const SET_ALL =
  'body = excluded.body, etag = excluded.etag, expires_at_ms = excluded.expires_at_ms';

// Point reads bind their parameters by position: on the hot path, binding by name makes a read
// about a third slower.
const POINT = `container = ? AND partition_key = ? AND id = ? AND (expires_at_ms IS NULL OR expires_at_ms > ?)`;

function prepareReadStatements(db: Database.Database) {
  return {
    read: db.prepare(`SELECT id, body, etag FROM documents WHERE ${POINT}`),
    readEtag: db.prepare(`SELECT etag FROM documents WHERE ${POINT}`).pluck(),
    health: db.prepare('SELECT 1'),
  };
}

/** Every write, by name: SQL the writer prepares on its own connection. */
const WRITE_STATEMENTS = {
  // An expired document is gone as far as readers know, so a create may take its place.
  create: `INSERT INTO documents ${COLUMNS} VALUES ${VALUES}
    ON CONFLICT DO UPDATE SET ${SET_ALL} WHERE documents.expires_at_ms <= @nowMs`,
  replace: `UPDATE documents SET body = @body, etag = @etag, expires_at_ms = @expiresAtMs
    WHERE ${KEY} AND etag = @ifMatch AND ${IS_LIVE}`,
  upsert: `INSERT INTO documents ${COLUMNS} VALUES ${VALUES} ON CONFLICT DO UPDATE SET ${SET_ALL}`,
  delete: `DELETE FROM documents WHERE ${KEY} AND ${IS_LIVE}`,
  // Takes the write lock (the writer's transaction) and changes nothing: no page is written, so
  // its commit costs no fsync.
  probe: 'DELETE FROM documents WHERE 0',
  // In batches, so one purge never holds the write lock for long.
  purge: `DELETE FROM documents WHERE rowid IN (
    SELECT rowid FROM documents WHERE expires_at_ms <= @nowMs LIMIT @batchSize)`,
  ...formatUnchangedGuards(),
} as const;

type WriteStatement = keyof typeof WRITE_STATEMENTS;

/**
 * Guards (sqlite-writer.ts) `unchanged1`…: documents @unchangedId<n> of the write's partition are
 * live and still have ETag @unchangedEtag<n>. One point lookup each, by the primary key.
 */
function formatUnchangedGuards(): Record<`unchanged${1 | 2 | 3}`, string> {
  const guards: Record<string, string> = {};
  for (let count = 1; count <= MAX_UNCHANGED; count += 1) {
    const checks = Array.from(
      { length: count },
      (_, n) =>
        `(SELECT etag FROM documents WHERE container = @container ` +
        `AND partition_key = @partitionKey AND id = @unchangedId${n} AND ${IS_LIVE}) ` +
        `IS @unchangedEtag${n}`,
    );
    guards[`unchanged${count}`] = `SELECT ${checks.join(' AND ')}`;
  }
  return guards as Record<`unchanged${1 | 2 | 3}`, string>;
}

function prepareWriteStatements(db: Database.Database): Map<string, Database.Statement> {
  return new Map(Object.entries(WRITE_STATEMENTS).map(([name, sql]) => [name, db.prepare(sql)]));
}

/**
 * SQL for one page. Parameters 1–3 are the container, the partition key and the time; the rest
 * are returned. Pages continue from the last row's (sort value, id): unlike an offset, that never
 * repeats or skips a document when others are written between pages.
 */
function buildQuery(
  plan: QueryPlan,
  position: KeysetPosition | null,
): { sql: string; parameters: (string | number)[] } {
  const parameters: (string | number)[] = [];
  const conditions = [
    'container = ?',
    'partition_key = ?',
    '(expires_at_ms IS NULL OR expires_at_ms > ?)',
  ];
  for (const [field, value] of plan.where) {
    conditions.push(matchField(field, value, parameters));
  }
  const isById = plan.orderBy === 'id';
  const sort = isById ? 'id' : `json_extract(body, '$.${plan.orderBy}')`;
  const [after, direction] = plan.descending ? ['<', 'DESC'] : ['>', 'ASC'];
  if (position !== null) {
    conditions.push(isById ? `id ${after} ?` : continueAfter(sort, after, position));
    if (!isById && position.value !== null) parameters.push(position.value, position.value);
    parameters.push(position.id);
  }
  let limit = '';
  if (plan.limit !== null) {
    limit = ' LIMIT ?';
    parameters.push(plan.limit + 1);
  }
  const sql =
    `SELECT id, body, etag, ${sort} AS sort_value FROM documents` +
    ` WHERE ${conditions.join(' AND ')}` +
    ` ORDER BY ${isById ? `id ${direction}` : `${sort} ${direction}, id ${direction}`}${limit}`;
  return { sql, parameters };
}

// SQLite orders NULL (a missing field or JSON null) before numbers and numbers before text, in
// comparisons as in ORDER BY, so the rows after (value, id) follow from that order.
function continueAfter(sort: string, after: string, position: KeysetPosition): string {
  const isAscending = after === '>';
  if (position.value === null) {
    return isAscending
      ? `((${sort} IS NULL AND id > ?) OR ${sort} IS NOT NULL)`
      : `(${sort} IS NULL AND id < ?)`;
  }
  const tail = isAscending ? '' : ` OR ${sort} IS NULL`;
  return `(${sort} ${after} ? OR (${sort} = ? AND id ${after} ?)${tail})`;
}

// Equality that keeps JSON types apart like Cosmos does: "5" is not 5, and true is not 1.
function matchField(field: string, value: FilterValue, parameters: (string | number)[]): string {
  const type = `json_type(body, '$.${field}')`;
  if (value === null) return `${type} = 'null'`;
  if (typeof value === 'boolean') return `${type} = '${value ? 'true' : 'false'}'`;
  parameters.push(value);
  const types = typeof value === 'string' ? `'text'` : `'integer', 'real'`;
  return `(${type} IN (${types}) AND json_extract(body, '$.${field}') = ?)`;
}

function isKeysetPosition(position: unknown): position is KeysetPosition {
  if (typeof position !== 'object' || position === null) return false;
  const { value, id } = position as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    (value === null || typeof value === 'string' || typeof value === 'number')
  );
}

// Parsed afresh on every read, so readers never share an object, and JSON.parse defines a
// '__proto__' key as an own field rather than setting the prototype.
function toDocument<T extends object>(row: DocumentRow): StoredDocument<T> {
  const document = JSON.parse(row.body) as Record<string, unknown>;
  document['_etag'] = row.etag;
  return document as StoredDocument<T>;
}

// Errors that say the database cannot serve right now (another process holds the lock, the disk
// failed or is full, the store was closed), as opposed to a bug in the request.
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|NOMEM|PROTOCOL|READONLY)/;

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toStoreError(error);
  }
}

function toStoreError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  const isClosed =
    error instanceof WriterClosedError ||
    (error instanceof TypeError && /database connection is not open/.test(error.message));
  if ((typeof code === 'string' && UNAVAILABLE_CODES.test(code)) || isClosed) {
    return new StoreUnavailableError('The embedded store cannot serve requests', { cause: error });
  }
  return error;
}
