// The embedded store's writer thread (see sqlite-writer.ts). It owns the one connection that
// writes, with synchronous = FULL, and commits in groups: every write request waiting on its
// port goes into one transaction, so one fsync makes them all durable, off the main thread's
// event loop. It answers each request only after that commit has returned, so an answer always
// means "on disk".
//
// Plain JavaScript on purpose: a worker's entry file is loaded by Node itself, under tsx, vitest
// or plain node alike. It knows no store semantics: statements come in as SQL, and each answer is
// the number of rows changed, or the error.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ path: string; busyTimeoutMs: number; autoCheckpointPages: number; statements: Record<string, string> }} */
const { path, busyTimeoutMs, autoCheckpointPages, statements: sqlByName } = workerData;
const port = parentPort;
if (port === null) throw new Error('sqlite-write-worker.js runs as a worker thread only.');

const db = new Database(path, { timeout: busyTimeoutMs });
db.pragma('journal_mode = WAL');
// Every commit fsyncs the WAL before it is answered: the write outlives kill -9, a power cut and
// a host crash. Grouping commits is what makes that affordable.
db.pragma('synchronous = FULL');
// Checkpoints run on a thread of their own (sqlite-checkpoint-worker.js), so a commit never waits
// behind one. This far larger automatic checkpoint only bounds the WAL should that thread fall
// behind (about 64 MB of pages).
db.pragma(`wal_autocheckpoint = ${autoCheckpointPages}`);
const statements = new Map(
  Object.entries(sqlByName).map(([name, sql]) => {
    const prepared = db.prepare(sql);
    // A guard is a SELECT of one value: true lets its write run.
    return [name, prepared.reader ? prepared.pluck() : prepared];
  }),
);
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');

/**
 * A write, and optionally its guard: a statement that must answer true, in the same transaction
 * just before the write, for the write to run at all (otherwise its answer is GUARD_UNMET).
 * @typedef {{ seq: number; statement: string; params: Record<string, unknown>; guard?: string }} WriteRequest
 * @typedef {{ seq: number; changes: number } | { seq: number; error: { code?: string; message: string } }} WriteAnswer
 */

/** The answer's `changes` when the guard did not hold (see sqlite-writer.ts). */
const GUARD_UNMET = -1;

port.on('message', (/** @type {WriteRequest[] | 'close'} */ first) => {
  if (first === 'close') {
    db.close();
    port.close();
    return;
  }
  /** @type {WriteRequest[]} */
  const group = [...first];
  let isClosing = false;
  // Whatever else is already waiting joins this commit.
  for (
    let next = receiveMessageOnPort(port);
    next !== undefined;
    next = receiveMessageOnPort(port)
  ) {
    if (next.message === 'close') {
      isClosing = true;
      break;
    }
    group.push(...next.message);
  }
  port.postMessage(commitGroup(group));
  if (isClosing) {
    db.close();
    port.close();
  }
});

/**
 * Runs the group in one transaction. A request that fails alone (its statement is undone, the
 * transaction goes on) gets its own error; if the transaction itself fails, so does every request
 * in it, since none of them is on disk.
 * @param {WriteRequest[]} group
 * @returns {WriteAnswer[]}
 */
function commitGroup(group) {
  try {
    begin.run();
  } catch (error) {
    return group.map(({ seq }) => ({ seq, error: describeError(error) }));
  }
  /** @type {WriteAnswer[]} */
  const answers = [];
  for (const { seq, statement, params, guard } of group) {
    try {
      const prepared = statements.get(statement);
      if (prepared === undefined) throw new Error(`no statement named ${statement}`);
      if (guard !== undefined) {
        const check = statements.get(guard);
        if (check === undefined) throw new Error(`no statement named ${guard}`);
        if (!check.get(params)) {
          answers.push({ seq, changes: GUARD_UNMET });
          continue;
        }
      }
      answers.push({ seq, changes: prepared.run(params).changes });
    } catch (error) {
      // A full disk or an I/O error rolls the whole transaction back: nothing in it stands.
      if (!db.inTransaction)
        return group.map((request) => ({ seq: request.seq, error: describeError(error) }));
      // Anything else undid this statement only, and the others go on.
      answers.push({ seq, error: describeError(error) });
    }
  }
  try {
    commit.run();
    return answers;
  } catch (error) {
    if (db.inTransaction) rollback.run();
    return group.map(({ seq }) => ({ seq, error: describeError(error) }));
  }
}

/** @param {unknown} error */
function describeError(error) {
  const code = /** @type {{ code?: unknown }} */ (error)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? { code, message } : { message };
}
