// Where the embedded store's writes run. On a file, a worker thread (sqlite-write-worker.js) holds
// the writing connection and commits in groups: writes that arrive while a commit is under way
// share the next transaction and its one fsync, and the event loop never waits for the disk. A
// write is answered only once its transaction is committed with synchronous = FULL, so an answer
// still means the write outlives kill -9 and a power cut. In memory (tests) there is no disk and
// no other connection can see the database, so writes run at once on the main connection.
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export type WriteParams = Readonly<Record<string, string | number | null>>;

/** What `run` resolves with when the write's guard did not hold: the write did not run. */
export const GUARD_UNMET = -1;

export interface SqliteWriter {
  /**
   * Runs a prepared write statement by name; resolves with the rows changed once durable. With a
   * guard (a SELECT of one value, by name, on the same params), the write runs only if the guard
   * answers true in the same transaction, and resolves with GUARD_UNMET otherwise.
   */
  run(statement: string, params: WriteParams, guard?: string): Promise<number>;
  /** Lets queued writes finish, then stops. Writes after it throw WriterClosedError. */
  close(): Promise<void>;
  /** Writes answered so far, and the transactions they took: group commit at work. */
  readStats(): WriterStats;
}

export interface WriterStats {
  readonly writes: number;
  readonly transactions: number;
}

/** An error from a write, with SQLite's code when it had one (SQLITE_BUSY, SQLITE_FULL…). */
export class SqliteWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteWriteError';
  }
}

export class WriterClosedError extends Error {
  constructor() {
    super('The embedded store is closed.');
    this.name = 'WriterClosedError';
  }
}

export function createInlineWriter(
  db: Database.Database,
  statements: ReadonlyMap<string, Database.Statement>,
): SqliteWriter {
  let writes = 0;
  return {
    async run(name, params, guard) {
      if (!db.open) throw new WriterClosedError();
      const statement = statements.get(name);
      if (statement === undefined) throw new Error(`no write statement named ${name}`);
      writes += 1;
      if (guard !== undefined) {
        const check = statements.get(guard);
        if (check === undefined) throw new Error(`no write statement named ${guard}`);
        // Nothing else runs between the guard and the write: both are synchronous.
        if (!check.pluck().get(params)) return GUARD_UNMET;
      }
      return statement.run(params).changes;
    },
    async close() {},
    readStats: () => ({ writes, transactions: writes }),
  };
}

export interface WorkerWriterOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** How often the checkpoint thread copies the WAL into the database file. */
  readonly checkpointIntervalMs?: number;
  /** Write statements by name, as SQL with named parameters. */
  readonly statements: Readonly<Record<string, string>>;
}

interface WriteRequest {
  readonly seq: number;
  readonly statement: string;
  readonly params: WriteParams;
  readonly guard?: string;
}

type WriteAnswer =
  | { readonly seq: number; readonly changes: number }
  | { readonly seq: number; readonly error: { readonly code?: string; readonly message: string } };

interface Waiter {
  resolve(changes: number): void;
  reject(error: Error): void;
}

const WORKER_URL = new URL('./sqlite-write-worker.js', import.meta.url);
const CHECKPOINT_WORKER_URL = new URL('./sqlite-checkpoint-worker.js', import.meta.url);
const CHECKPOINT_INTERVAL_MS = 200;
/** The writer's own automatic checkpoint, a safety net only: about 64 MB of 4 KB pages. */
const AUTO_CHECKPOINT_PAGES = 16_384;

export function createWorkerWriter(options: WorkerWriterOptions): SqliteWriter {
  const waiters = new Map<number, Waiter>();
  let queued: WriteRequest[] = [];
  let isFlushScheduled = false;
  let nextSeq = 0;
  let worker: Worker | null = null;
  let closed: Promise<void> | null = null;
  let writes = 0;
  let transactions = 0;

  const failWaiting = (error: Error): void => {
    for (const waiter of waiters.values()) waiter.reject(error);
    waiters.clear();
  };

  let checkpointer: Worker | null = null;
  // Started with the first writer thread, and again should it stop; never holds the process.
  const startCheckpointer = (): void => {
    if (checkpointer !== null || closed !== null) return;
    const started = new Worker(CHECKPOINT_WORKER_URL, {
      workerData: {
        path: options.path,
        busyTimeoutMs: options.busyTimeoutMs,
        intervalMs: options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS,
      },
    });
    started.unref();
    started.on('message', (message: { warning?: string }) => {
      if (message.warning !== undefined) {
        process.emitWarning(`The embedded store's checkpoint failed: ${message.warning}`);
      }
    });
    started.on('error', (error) => {
      process.emitWarning(`The embedded store's checkpoint thread stopped: ${error.message}`);
    });
    started.on('exit', () => {
      if (checkpointer === started) checkpointer = null;
    });
    checkpointer = started;
  };

  const startWorker = (): Worker => {
    startCheckpointer();
    const started = new Worker(WORKER_URL, {
      workerData: {
        path: options.path,
        busyTimeoutMs: options.busyTimeoutMs,
        autoCheckpointPages: AUTO_CHECKPOINT_PAGES,
        statements: options.statements,
      },
    });
    // One message per transaction: every write in it answered at once.
    started.on('message', (answers: readonly WriteAnswer[]) => {
      writes += answers.length;
      transactions += 1;
      for (const answer of answers) {
        const waiter = waiters.get(answer.seq);
        if (waiter === undefined) continue;
        waiters.delete(answer.seq);
        if ('error' in answer) {
          waiter.reject(new SqliteWriteError(answer.error.message, answer.error.code));
        } else {
          waiter.resolve(answer.changes);
        }
      }
      // An idle writer must not keep the process alive; a busy one must, until it has answered.
      if (waiters.size === 0) started.unref();
    });
    // The thread died (it could not open the file, say): what it held is not known to be
    // written, and the next write starts a new thread.
    started.on('error', (error) => {
      if (worker === started) worker = null;
      failWaiting(new SqliteWriteError(error.message, readCode(error)));
    });
    started.on('exit', () => {
      if (worker === started) worker = null;
      failWaiting(
        closed === null
          ? new SqliteWriteError('The writer thread stopped.', 'SQLITE_IOERR')
          : new WriterClosedError(),
      );
    });
    return started;
  };

  // Everything queued in this turn of the event loop goes to the thread as one message; the
  // thread adds whatever else is waiting for it to the same transaction.
  const flush = (): void => {
    isFlushScheduled = false;
    if (queued.length === 0) return;
    worker ??= startWorker();
    worker.ref();
    worker.postMessage(queued);
    queued = [];
  };

  return {
    run(statement, params, guard) {
      if (closed !== null) return Promise.reject(new WriterClosedError());
      const seq = nextSeq;
      nextSeq += 1;
      queued.push(
        guard === undefined ? { seq, statement, params } : { seq, statement, params, guard },
      );
      if (!isFlushScheduled) {
        isFlushScheduled = true;
        setImmediate(flush);
      }
      return new Promise<number>((resolve, reject) => waiters.set(seq, { resolve, reject }));
    },

    close() {
      closed ??= (async () => {
        flush();
        const checkpointing = checkpointer;
        if (checkpointing !== null) {
          const stopped = new Promise<void>((resolve) =>
            checkpointing.once('exit', () => resolve()),
          );
          // Held by the process until it has closed its connection, like the writer below.
          checkpointing.ref();
          checkpointing.postMessage('close');
          await stopped;
        }
        const running = worker;
        if (running === null) return;
        const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
        running.ref();
        running.postMessage('close');
        await exited;
      })();
      return closed;
    },

    readStats: () => ({ writes, transactions }),
  };
}

function readCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
