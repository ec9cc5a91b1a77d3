// The embedded store's checkpoint thread (see sqlite-writer.ts). In WAL mode a commit appends to
// the -wal file, and a checkpoint copies those pages back into the database file so the WAL can
// start over. SQLite's automatic checkpoint runs on the connection that commits, right after a
// commit, so every now and then one write waited behind a copy of megabytes and its fsync. Here a
// connection of its own checkpoints on a timer instead, PASSIVE: it never blocks the writer or
// readers, and it takes only what no reader still needs. The writer keeps a far larger automatic
// checkpoint as a safety net should this thread fall behind.
//
// Plain JavaScript for the same reason as sqlite-write-worker.js.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ path: string; busyTimeoutMs: number; intervalMs: number }} */
const { path, busyTimeoutMs, intervalMs } = workerData;
const port = parentPort;
if (port === null) throw new Error('sqlite-checkpoint-worker.js runs as a worker thread only.');

const db = new Database(path, { timeout: busyTimeoutMs });
// Copying pages into the database file is made durable before the WAL is reused.
db.pragma('synchronous = FULL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch (error) {
    // Busy with another process's checkpoint, or the disk failed: the writer's own automatic
    // checkpoint still bounds the WAL, and the next tick tries again.
    port.postMessage({ warning: error instanceof Error ? error.message : String(error) });
  }
}, intervalMs);

port.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  port.close();
});
