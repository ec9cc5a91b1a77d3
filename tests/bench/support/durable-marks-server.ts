// The storage floor for the mark-ingest figure: the bare route (bare-marks-server.ts), plus the
// one thing no marks route can skip, storing the batch durably. Each batch becomes a chunk document
// in the embedded store the api uses, through the same writer thread, group commit and
// synchronous = FULL, and is answered once on disk. No auth, no schema, no rules, no index: the
// api's figure over this one is what the app itself costs, and this one over the bare route is
// what storing costs on this machine.
import Fastify from 'fastify';
import { formatMarkChunkId } from '../../../api/src/sessions/model.js';
import { createSqliteDocumentStore } from '../../../api/src/store/sqlite/sqlite-document-store.js';

const sqlitePath = process.env['SQLITE_PATH'];
if (sqlitePath === undefined) throw new Error('SQLITE_PATH names the file to store batches in.');
const store = createSqliteDocumentStore({ path: sqlitePath, retentionDays: 365 });

interface Params {
  readonly circleId: string;
  readonly sessionId: string;
}
interface Body {
  readonly batchId: string;
  readonly marks: readonly unknown[];
}

const app = Fastify({ logger: false });
app.post<{ Params: Params; Body: Body }>(
  '/api/circles/:circleId/sessions/:sessionId/marks',
  async (request) => {
    const { circleId, sessionId } = request.params;
    const { batchId, marks } = request.body;
    await store.create('circles', {
      id: formatMarkChunkId(sessionId, batchId),
      circleId,
      type: 'marks',
      sessionId,
      batchId,
      storedAtMs: Date.now(),
      marks,
    });
    return { stored: marks.length, duplicates: 0, ignored: 0 };
  },
);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
});
const address = await app.listen({
  host: process.env['HOST'] ?? '127.0.0.1',
  port: Number(process.env['PORT'] ?? 0),
});
// The line the bench waits for, as the api prints it (tests/support/server-process.ts).
console.log(`The durable floor is running at http://localhost:${new URL(address).port}`);
