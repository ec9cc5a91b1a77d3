// The floor for the mark-ingest figure: a plain Fastify instance, run as its own process like the
// api, with the marks route's path, Fastify's own JSON body parsing, and the response the api
// gives a new batch. No auth, no schema, no store: what any Fastify server pays for the request.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post<{ Body: { marks: readonly unknown[] } }>(
  '/api/circles/:circleId/sessions/:sessionId/marks',
  async (request) => ({ stored: request.body.marks.length, duplicates: 0, ignored: 0 }),
);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
const address = await app.listen({
  host: process.env['HOST'] ?? '127.0.0.1',
  port: Number(process.env['PORT'] ?? 0),
});
// The line the bench waits for, as the api prints it (tests/support/server-process.ts).
console.log(`The bare route is running at http://localhost:${new URL(address).port}`);
