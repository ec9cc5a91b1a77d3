import { PassThrough } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireMember } from '../circles/membership.js';
import { appError, isAppError } from '../errors.js';
import type { SessionView } from '../sessions/model.js';
import { ErrorResponse, SessionParams } from '../sessions/schemas.js';
import { readCircleIdOfSession } from '../sessions/occurrence.js';
import { readSessionView } from '../sessions/session-store.js';

export const HEARTBEAT_INTERVAL_MS = 15_000;
/** How long a browser's EventSource waits before reconnecting; fetch readers may follow it too. */
const RETRY_MS = 2_000;

const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ maxLength: 20 })),
});

const SessionOnlyParams = Type.Object({
  sessionId: Type.String({ minLength: 1, maxLength: 200 }),
});

/**
 * `GET …/sessions/:sessionId/stream`: Server-Sent Events, read with fetch so the auth header goes
 * along (never a token in the URL). It sends the session at once, then every newer version. Each
 * event's id is the session's version, so a reconnect with `Last-Event-ID` gets the current state
 * if it is newer: the stream carries whole states, so missing an intermediate one loses nothing.
 *
 * Two paths give the same stream: under the circle, like every session route, and
 * `/sessions/:sessionId/stream`, where the session id itself names its circle.
 */
export async function streamRoutes(fastify: FastifyInstance): Promise<void> {
  const routes = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    summary: 'Live updates of a session (Server-Sent Events)',
    description:
      'Each event: `id: <version>` and data `{ version, serverTimeMs, session }`. Comments ' +
      'every 15 s keep proxies from closing the connection.',
    tags: ['sessions'],
    security: [{ bearer: [] }, { zoomAppContext: [] }],
    headers: StreamHeaders,
    produces: ['text/event-stream'],
    response: {
      200: {
        description: 'An event stream',
        content: { 'text/event-stream': { schema: Type.String() } },
      },
      '4xx': ErrorResponse,
      '5xx': ErrorResponse,
    },
  };

  routes.get(
    '/circles/:circleId/sessions/:sessionId/stream',
    { onRequest: fastify.authenticate, schema: { ...schema, params: SessionParams } },
    async (request, reply) => {
      const { circleId, sessionId } = request.params;
      await requireMember(fastify.store, request.caller, circleId);
      return openStream(fastify, reply, circleId, sessionId, request.headers['last-event-id']);
    },
  );

  routes.get(
    '/sessions/:sessionId/stream',
    {
      onRequest: fastify.authenticate,
      schema: {
        ...schema,
        description: `The same stream as under the circle's path. ${schema.description}`,
        params: SessionOnlyParams,
      },
    },
    async (request, reply) => {
      const { sessionId } = request.params;
      const circleId = readCircleIdOfSession(sessionId);
      // Not a session id, or a circle the caller is not in: the same 404 either way, so the
      // answer tells nobody whether the circle exists.
      try {
        if (circleId === null) throw notFound();
        await requireMember(fastify.store, request.caller, circleId);
      } catch (error) {
        throw isAppError(error) && error.code === 'CIRCLE_NOT_FOUND' ? notFound() : error;
      }
      return openStream(fastify, reply, circleId, sessionId, request.headers['last-event-id']);
    },
  );
}

async function openStream(
  fastify: FastifyInstance,
  reply: FastifyReply,
  circleId: string,
  sessionId: string,
  lastEventId: string | undefined,
): Promise<FastifyReply> {
  const stream = new PassThrough();
  let lastSentVersion = readLastEventId(lastEventId);
  const send = (session: SessionView): void => {
    if (session.version <= lastSentVersion || stream.writableEnded) return;
    lastSentVersion = session.version;
    stream.write(formatEvent(session, Date.now()));
  };
  // Subscribe before the first read, so a change saved in between is not missed.
  const unsubscribe = fastify.liveSync.subscribe(circleId, sessionId, {
    onUpdate: send,
    onClose: () => stream.end(),
  });
  const heartbeat = setInterval(() => {
    if (!stream.writableEnded) stream.write(': heartbeat\n\n');
  }, HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  const stop = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
    if (!stream.writableEnded) stream.end();
  };
  let current: SessionView | null;
  try {
    current = await readCurrent(fastify, circleId, sessionId);
  } catch (error) {
    stop();
    throw error;
  }
  // The response closes when the client goes away or the stream ends: either way, let go.
  reply.raw.once('close', stop);
  stream.write(`retry: ${RETRY_MS}\n\n`);
  send(current);
  return (
    reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-accel-buffering', 'no')
      // Never reused: when the stream ends (a shutdown), the socket goes with it, so closing the
      // server does not wait out a keep-alive timeout.
      .header('connection', 'close')
      // Fastify pipes a stream as it is; the 200 schema describes the text the stream carries.
      .send(stream as unknown as string)
  );
}

async function readCurrent(
  fastify: FastifyInstance,
  circleId: string,
  sessionId: string,
): Promise<SessionView> {
  const session = await readSessionView(fastify.store, circleId, sessionId);
  if (session === null) throw notFound();
  return session;
}

function notFound() {
  return appError('SESSION_NOT_FOUND', 'No session with that id in a circle you are in.');
}

export function formatEvent(session: SessionView, serverTimeMs: number): string {
  const data = JSON.stringify({ version: session.version, serverTimeMs, session });
  return `id: ${session.version}\ndata: ${data}\n\n`;
}

function readLastEventId(header: string | undefined): number {
  const version = Number(header);
  return header !== undefined && Number.isInteger(version) && version >= 0 ? version : -1;
}
