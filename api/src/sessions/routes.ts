import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { StoredCircle } from '../circles/circle-store.js';
import { requireMember } from '../circles/membership.js';
import { appError } from '../errors.js';
import { streamRoutes } from '../live/stream-route.js';
import { applyCommand } from './apply-command.js';
import type { SessionDeps } from './deps.js';
import { toSessionView, type SessionDocument } from './model.js';
import { recordMarks } from './record-marks.js';
import {
  CircleParams,
  CommandBody,
  CommandResponse,
  EndSessionBody,
  ERROR_RESPONSES,
  ListSessionsQuery,
  MarksBody,
  MarksResponse,
  SessionPage,
  SessionParams,
  SessionResponse,
  StartSessionBody,
  SummaryResponse,
  TranscriptResponse,
} from './schemas.js';
import { readSession } from './session-store.js';
import { startOrJoinSession } from './start-session.js';
import { buildSessionSummary } from './summary.js';
import { MAX_TRANSCRIPT_BYTES, uploadTranscript } from './transcript.js';

const DEFAULT_PAGE_SIZE = 5;
const TRANSCRIPT_TYPES = ['text/vtt', 'text/plain'];

/** Sessions of a circle: start or join, commands, marks, transcript, end, summary, live stream. */
export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const deps: SessionDeps = {
    store: fastify.store,
    liveSync: fastify.liveSync,
    log: fastify.log,
    readNowMs: Date.now,
  };
  addTranscriptParser(fastify);
  const routes = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['sessions'];
  const security = [{ bearer: [] }, { zoomAppContext: [] }];
  const errors = ERROR_RESPONSES;
  const member = (caller: Parameters<typeof requireMember>[1], circleId: string) =>
    requireMember(fastify.store, caller, circleId).then(({ circle }) => circle);

  routes.post(
    '/circles/:circleId/sessions',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: 'Start the session for a meeting occurrence, or join it if it is under way',
        description:
          'Idempotent per occurrence: the host meeting id and the day in the circle’s time zone.',
        tags,
        security,
        params: CircleParams,
        body: StartSessionBody,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request) => {
      const circle = await member(request.caller, request.params.circleId);
      return { session: await startOrJoinSession(deps, circle, request.caller, request.body) };
    },
  );

  routes.get(
    '/circles/:circleId/sessions',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: "The circle's sessions with their summaries, newest first",
        tags,
        security,
        params: CircleParams,
        querystring: ListSessionsQuery,
        response: { 200: SessionPage, ...errors },
      },
    },
    async (request) => {
      const circle = await member(request.caller, request.params.circleId);
      const page = await fastify.store.query<SessionDocument>('circles', circle.id, {
        where: { type: 'session' },
        orderBy: 'createdAtMs',
        descending: true,
        limit: request.query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(request.query.limit),
        continuation: request.query.continuation ?? null,
      });
      const nowMs = deps.readNowMs();
      const sessions = await Promise.all(
        page.items.map(async (session) => ({
          session: toSessionView(session),
          summary: await buildSessionSummary(fastify.store, circle, session, nowMs),
        })),
      );
      return { sessions, continuation: page.continuation };
    },
  );

  routes.get(
    '/circles/:circleId/sessions/:sessionId',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: 'A session as every panel sees it',
        tags,
        security,
        params: SessionParams,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      await member(request.caller, circleId);
      return { session: toSessionView(await readSession(fastify.store, circleId, sessionId)) };
    },
  );

  routes.post(
    '/circles/:circleId/sessions/:sessionId/commands',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: "Send a command to the session's machine",
        description:
          'A command id already applied answers 200 with the current state. A stale ' +
          '`expectedVersion` is a 409 with the fresh state in `details.session`. The machine ' +
          'refusing is a 409 (403 when your role does not allow it).',
        tags,
        security,
        params: SessionParams,
        body: CommandBody,
        response: { 200: CommandResponse, ...errors },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      const circle = await member(request.caller, circleId);
      return applyCommand(deps, circle, sessionId, request.caller, request.body);
    },
  );

  routes.post(
    '/circles/:circleId/sessions/:sessionId/end',
    {
      onRequest: fastify.authenticate,
      // The body is optional: a bare POST ends the session as well.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        summary: 'End the session (the end command, whatever version is current)',
        tags,
        security,
        params: SessionParams,
        body: EndSessionBody,
        response: { 200: CommandResponse, ...errors },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      const circle = await member(request.caller, circleId);
      return endSession(circle, sessionId, request.caller, request.body.commandId);
    },
  );

  async function endSession(
    circle: StoredCircle,
    sessionId: string,
    caller: Parameters<typeof requireMember>[1],
    commandId: string | undefined,
  ) {
    const session = await readSession(fastify.store, circle.id, sessionId);
    if (session.state.status === 'ended')
      return { session: toSessionView(session), isRepeat: true };
    return applyCommand(deps, circle, sessionId, caller, {
      commandId: commandId ?? `end-${caller.userId}`,
      expectedVersion: null,
      command: { type: 'end' },
    });
  }

  routes.post(
    '/circles/:circleId/sessions/:sessionId/marks',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: 'Store a batch of airtime and language marks (undo is a mark too)',
        description:
          'Acknowledged once stored. A batch sent again is stored once; a mark id stored before ' +
          'is dropped; marks about someone who opted out are dropped.',
        tags,
        security,
        params: SessionParams,
        body: MarksBody,
        response: { 200: MarksResponse, ...errors },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      // Membership too is checked there, on the circle's current copy (hot-reads.ts).
      return recordMarks(deps, circleId, sessionId, request.caller, request.body, deps.readNowMs());
    },
  );

  routes.post(
    '/circles/:circleId/sessions/:sessionId/transcript',
    {
      onRequest: fastify.authenticate,
      preValidation: async (request) => {
        const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
        if (type === undefined || !TRANSCRIPT_TYPES.includes(type)) {
          throw appError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the transcript as the file itself, with content-type text/vtt.',
          );
        }
      },
      schema: {
        summary: "Upload the meeting's WebVTT transcript; its analysis joins the summary",
        tags,
        security,
        consumes: TRANSCRIPT_TYPES,
        params: SessionParams,
        body: Type.String({ minLength: 1 }),
        response: { 200: TranscriptResponse, ...errors },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      const circle = await member(request.caller, circleId);
      return uploadTranscript(deps, circle, sessionId, request.caller, request.body);
    },
  );

  routes.get(
    '/circles/:circleId/sessions/:sessionId/summary',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: "The session's summary (a preview until it ends)",
        tags,
        security,
        params: SessionParams,
        response: { 200: SummaryResponse, ...errors },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      const circle = await member(request.caller, circleId);
      const session = await readSession(fastify.store, circleId, sessionId);
      return {
        summary: await buildSessionSummary(fastify.store, circle, session, deps.readNowMs()),
      };
    },
  );

  await fastify.register(streamRoutes);
}

/**
 * Transcripts arrive as text with their own size limit, larger than the JSON limit. The stream is
 * counted as it comes, so an oversized upload is refused without being held in memory.
 */
function addTranscriptParser(fastify: FastifyInstance): void {
  // Only in this plugin's scope: Fastify's own text/plain parser stays everywhere else.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(TRANSCRIPT_TYPES, (request, payload, done) => {
    const tooLarge = () =>
      appError(
        'PAYLOAD_TOO_LARGE',
        `A transcript can be at most ${MAX_TRANSCRIPT_BYTES / 1024 / 1024} MB. Upload one meeting's transcript.`,
      );
    const declaredBytes = Number(request.headers['content-length']);
    if (declaredBytes > MAX_TRANSCRIPT_BYTES) {
      done(tooLarge(), undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    let isDone = false;
    payload.on('data', (chunk: Buffer) => {
      receivedBytes += chunk.length;
      if (receivedBytes > MAX_TRANSCRIPT_BYTES && !isDone) {
        isDone = true;
        payload.removeAllListeners('data');
        payload.resume();
        done(tooLarge(), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (isDone) return;
      isDone = true;
      done(null, Buffer.concat(chunks).toString('utf8'));
    });
    payload.on('error', (error) => {
      if (isDone) return;
      isDone = true;
      done(error, undefined);
    });
  });
}
