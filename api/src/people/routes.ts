import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireMember } from '../circles/membership.js';
import { requireCircleMember } from '../outputs/routes.js';
import { CircleParams, ERROR_RESPONSES, SessionParams } from '../outputs/schemas.js';
import { requireSessionInCircle } from '../outputs/session-outputs.js';
import type { DocumentStore } from '../store/port.js';
import { recordCircleMembership } from './circle-index.js';
import { deletePersonData, exportPersonData } from './data-rights.js';
import { listFeedbackToMe, readFeedbackToMe, sendFeedbackOnce } from './feedback.js';
import { readPreferences, savePreferences } from './preferences.js';
import {
  createReflectionOnce,
  deleteMyReflection,
  editMyReflection,
  listMyReflections,
  listSharedReflections,
} from './reflections.js';
import {
  CreateReflectionBody,
  DeletionReportSchema,
  EditReflectionBody,
  FeedbackListResponse,
  FeedbackParams,
  FeedbackToMeSchema,
  PersonExportSchema,
  PreferencesSchema,
  PutPreferencesBody,
  ReflectionListResponse,
  ReflectionParams,
  ReflectionSchema,
  ReflectionsQuery,
  SendFeedbackBody,
  SentFeedbackSchema,
  SharedReflectionListResponse,
} from './schemas.js';

// A person's own things: /api/me/* reads and writes only the caller's own partition, so one
// person's request cannot name another's data. Sending private feedback and reading shared
// reflections go through a circle, for members only.

const SECURITY = [{ bearer: [] }, { zoomAppContext: [] }];
const TAGS = ['people'];

export async function peopleRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', fastify.authenticate);
  const routes = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const store = (): DocumentStore => fastify.store;

  routes.get(
    '/me/preferences',
    {
      schema: {
        summary: 'My preferences, opt-outs and consent defaults',
        tags: TAGS,
        security: SECURITY,
        response: { 200: PreferencesSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => readPreferences(store(), request.caller),
  );

  routes.put(
    '/me/preferences',
    {
      schema: {
        summary: 'Replace my preferences; every opt-out can be turned back off',
        tags: TAGS,
        security: SECURITY,
        body: PutPreferencesBody,
        response: { 200: PreferencesSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => savePreferences(store(), request.caller, request.body, Date.now()),
  );

  routes.post(
    '/me/reflections',
    {
      schema: {
        summary: 'Write a reflection before or after a session; private unless shared',
        tags: TAGS,
        security: SECURITY,
        body: CreateReflectionBody,
        response: { 200: ReflectionSchema, 201: ReflectionSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { circleId, sessionId } = request.body;
      await requireMember(store(), request.caller, circleId);
      await requireSessionInCircle(store(), circleId, sessionId);
      const shared =
        request.body.shared ??
        (await readPreferences(store(), request.caller)).consentDefaults.shareReflections;
      const nowMs = Date.now();
      const { isNew, reflection } = await createReflectionOnce(
        store(),
        request.caller,
        { ...request.body, shared },
        nowMs,
      );
      await recordCircleMembership(store(), request.caller, circleId, nowMs);
      return reply.status(isNew ? 201 : 200).send(reflection);
    },
  );

  routes.get(
    '/me/reflections',
    {
      schema: {
        summary: 'My reflections, oldest first, optionally for one circle or session',
        tags: TAGS,
        security: SECURITY,
        querystring: ReflectionsQuery,
        response: { 200: ReflectionListResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      reflections: await listMyReflections(store(), request.caller, request.query),
    }),
  );

  routes.patch(
    '/me/reflections/:reflectionId',
    {
      schema: {
        summary: 'Reword a reflection of mine, or share or unshare it',
        tags: TAGS,
        security: SECURITY,
        params: ReflectionParams,
        body: EditReflectionBody,
        response: { 200: ReflectionSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      editMyReflection(
        store(),
        request.caller,
        request.params.reflectionId,
        request.body,
        Date.now(),
      ),
  );

  routes.delete(
    '/me/reflections/:reflectionId',
    {
      schema: {
        summary: 'Delete a reflection of mine',
        tags: TAGS,
        security: SECURITY,
        params: ReflectionParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await deleteMyReflection(store(), request.caller, request.params.reflectionId);
      return reply.status(204).send(null);
    },
  );

  routes.get(
    '/circles/:circleId/sessions/:sessionId/reflections',
    {
      schema: {
        summary: 'The reflections members shared about a session',
        tags: TAGS,
        security: SECURITY,
        params: SessionParams,
        response: { 200: SharedReflectionListResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      const { circle } = await requireMember(store(), request.caller, circleId);
      await requireSessionInCircle(store(), circleId, sessionId);
      return { reflections: await listSharedReflections(store(), circle, sessionId) };
    },
  );

  routes.post(
    '/circles/:circleId/feedback',
    {
      schema: {
        summary: 'Send private feedback to a member: only they can ever read it',
        tags: TAGS,
        security: SECURITY,
        params: CircleParams,
        body: SendFeedbackBody,
        response: { 200: SentFeedbackSchema, 201: SentFeedbackSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { circleId } = request.params;
      const { caller } = request;
      const { circle, member } = await requireMember(store(), caller, circleId);
      const { id, to, text } = request.body;
      requireCircleMember(circle, to, 'body.to');
      const sessionId = request.body.sessionId ?? null;
      if (sessionId !== null) await requireSessionInCircle(store(), circleId, sessionId);
      const nowMs = Date.now();
      const { isNew, receipt } = await sendFeedbackOnce(
        store(),
        caller,
        {
          id,
          circleId,
          tenantId: circle.tenantId,
          to,
          sessionId,
          text,
          fromDisplayName: member.displayName,
        },
        nowMs,
      );
      await Promise.all(
        [caller.userId, to].map((userId) =>
          recordCircleMembership(store(), { tenantId: circle.tenantId, userId }, circleId, nowMs),
        ),
      );
      return reply.status(isNew ? 201 : 200).send(receipt);
    },
  );

  routes.get(
    '/me/feedback',
    {
      schema: {
        summary: 'Private feedback to me, newest first',
        tags: TAGS,
        security: SECURITY,
        response: { 200: FeedbackListResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ feedback: await listFeedbackToMe(store(), request.caller) }),
  );

  routes.get(
    '/me/feedback/:feedbackId',
    {
      schema: {
        summary: 'One piece of private feedback to me (404 for anyone else, its sender too)',
        tags: TAGS,
        security: SECURITY,
        params: FeedbackParams,
        response: { 200: FeedbackToMeSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => readFeedbackToMe(store(), request.caller, request.params.feedbackId),
  );

  routes.get(
    '/me/export',
    {
      schema: {
        summary: 'Everything about me, as JSON',
        tags: TAGS,
        security: SECURITY,
        response: { 200: PersonExportSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const data = await exportPersonData(store(), request.caller, Date.now());
      return reply
        .header('content-disposition', 'attachment; filename="grow-together-my-data.json"')
        .header('cache-control', 'no-store')
        .send(data);
    },
  );

  routes.delete(
    '/me',
    {
      schema: {
        summary: 'Delete all my data; what others own stays, with my name taken off it',
        tags: TAGS,
        security: SECURITY,
        response: { 200: DeletionReportSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => deletePersonData(store(), request.caller),
  );
}
