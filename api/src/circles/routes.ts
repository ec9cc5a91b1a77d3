import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  findBuiltInFramework,
  validateFramework,
  type Framework,
  type FrameworkId,
} from '@grow-together/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import { appError } from '../errors.js';
import { recordCircleMembership } from '../people/circle-index.js';
import { rosterPlugin } from '../roster/roster-plugin.js';
import { isTimeZone } from '../sessions/occurrence.js';
import { ERROR_RESPONSES } from '../plugins/error-schemas.js';
import {
  addMember,
  createCircleForMeeting,
  DEFAULT_TIME_ZONE,
  findCircleByMeeting,
  toCircleView,
  updateCircle,
  type StoredCircle,
} from './circle-store.js';
import { requireMember } from './membership.js';
import type { CircleDocument, CircleMember, HostMeeting } from './model.js';
import {
  CircleParams,
  CircleResponse,
  CreateCircleBody,
  CreateCircleResponse,
  JoinQuery,
  MeetingParams,
  UpdateCircleBody,
  UpdateMemberBody,
} from './schemas.js';

const DEFAULT_CONSENT: CircleDocument['consentDefaults'] = { rolePlay: 'ask-every-time' };

/**
 * Circles: made by the first person to open the panel in a meeting, joined by the others when
 * they open it (after the meeting's roster says they are in it), read and edited by members.
 */
export async function circleRoutes(fastify: FastifyInstance): Promise<void> {
  if (!fastify.hasDecorator('roster')) await fastify.register(rosterPlugin);
  const routes = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['circles'];
  const security = [{ bearer: [] }, { zoomAppContext: [] }];
  const errors = ERROR_RESPONSES;

  routes.post(
    '/circles',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: 'Create the circle for a host meeting, or get the one it already has',
        tags,
        security,
        body: CreateCircleBody,
        response: { 200: CreateCircleResponse, 201: CreateCircleResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { body, caller } = request;
      const meeting: HostMeeting = { host: body.host, meetingKey: body.meetingKey };
      if (findBuiltInFramework(body.frameworkId) === undefined) {
        throw invalid('body.frameworkId', 'Choose one of the built-in frameworks to start with.');
      }
      const timeZone = body.timeZone ?? body.cadence?.timeZone ?? DEFAULT_TIME_ZONE;
      checkTimeZone('body.timeZone', timeZone);
      if (body.cadence) checkTimeZone('body.cadence.timeZone', body.cadence.timeZone);
      await requireInMeeting(fastify, request, meeting);
      const creator = toMember(caller, timeZone, Date.now());
      const { circle, isNew } = await createCircleForMeeting(
        fastify.store,
        caller,
        meeting,
        {
          name: body.name.trim(),
          frameworkId: body.frameworkId,
          customFrameworks: [],
          cadence: body.cadence ?? null,
          norms: body.norms ?? [],
          glossary: body.glossary ?? [],
          consentDefaults: body.consentDefaults ?? DEFAULT_CONSENT,
        },
        creator,
      );
      const joined = await joinCircle(fastify, caller, circle, creator);
      return reply.status(isNew ? 201 : 200).send({ circle: toCircleView(joined), isNew });
    },
  );

  routes.get(
    '/circles/by-meeting/:host/:meetingKey',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: 'The circle of the meeting the panel is open in; joins it if the roster has you',
        tags,
        security,
        params: MeetingParams,
        querystring: JoinQuery,
        response: { 200: CircleResponse, ...errors },
      },
    },
    async (request) => {
      const meeting: HostMeeting = request.params;
      const { caller } = request;
      const circle = await findCircleByMeeting(fastify.store, caller, meeting);
      if (circle === null) throw circleNotFound();
      if (Object.hasOwn(circle.members, caller.userId)) return { circle: toCircleView(circle) };
      const timeZone = request.query.timeZone ?? DEFAULT_TIME_ZONE;
      checkTimeZone('querystring.timeZone', timeZone);
      if (!(await isInMeeting(fastify, request, meeting))) throw circleNotFound();
      const member = toMember(caller, timeZone, Date.now());
      const joined = await joinCircle(fastify, caller, circle, member);
      return { circle: toCircleView(joined) };
    },
  );

  routes.get(
    '/circles/:circleId',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: 'A circle you are a member of',
        tags,
        security,
        params: CircleParams,
        response: { 200: CircleResponse, ...errors },
      },
    },
    async (request) => {
      const { circle } = await requireMember(
        fastify.store,
        request.caller,
        request.params.circleId,
      );
      return { circle: toCircleView(circle) };
    },
  );

  routes.patch(
    '/circles/:circleId',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary:
          "Change the circle's name, cadence, norms, glossary, framework or consent defaults",
        tags,
        security,
        params: CircleParams,
        body: UpdateCircleBody,
        response: { 200: CircleResponse, ...errors },
      },
    },
    async (request) => {
      const { body } = request;
      await requireMember(fastify.store, request.caller, request.params.circleId);
      if (body.cadence) checkTimeZone('body.cadence.timeZone', body.cadence.timeZone);
      const customFramework =
        body.customFramework === undefined ? null : readCustomFramework(body.customFramework);
      const saved = await updateCircle(fastify.store, request.params.circleId, (current) => {
        const customFrameworks = customFramework
          ? [
              ...current.customFrameworks.filter((f) => f.id !== customFramework.id),
              customFramework,
            ]
          : current.customFrameworks;
        const frameworkId = body.frameworkId ?? customFramework?.id ?? current.frameworkId;
        if (!isKnownFramework(frameworkId, customFrameworks)) {
          throw invalid('body.frameworkId', `There is no framework ${frameworkId} in this circle.`);
        }
        return {
          ...current,
          name: body.name?.trim() ?? current.name,
          cadence: body.cadence === undefined ? current.cadence : body.cadence,
          norms: body.norms ?? current.norms,
          glossary: body.glossary ?? current.glossary,
          consentDefaults: body.consentDefaults ?? current.consentDefaults,
          customFrameworks,
          frameworkId,
        };
      });
      return { circle: toCircleView(saved) };
    },
  );

  routes.patch(
    '/circles/:circleId/members/me',
    {
      onRequest: fastify.authenticate,
      schema: {
        summary: 'Change how you appear in the circle: display name, time zone, pronouns',
        tags,
        security,
        params: CircleParams,
        body: UpdateMemberBody,
        response: { 200: CircleResponse, ...errors },
      },
    },
    async (request) => {
      const { body, caller } = request;
      await requireMember(fastify.store, caller, request.params.circleId);
      if (body.timeZone !== undefined) checkTimeZone('body.timeZone', body.timeZone);
      const saved = await updateCircle(fastify.store, request.params.circleId, (current) => {
        const member = current.members[caller.userId];
        if (member === undefined || !Object.hasOwn(current.members, caller.userId)) {
          throw circleNotFound();
        }
        const updated: CircleMember = {
          ...member,
          displayName: body.displayName?.trim() ?? member.displayName,
          timeZone: body.timeZone ?? member.timeZone,
          pronouns: body.pronouns === undefined ? member.pronouns : body.pronouns,
        };
        return { ...current, members: { ...current.members, [caller.userId]: updated } };
      });
      return { circle: toCircleView(saved) };
    },
  );
}

function toMember(caller: Caller, timeZone: string, nowMs: number): CircleMember {
  return {
    userId: caller.userId,
    displayName: caller.displayName.trim().slice(0, 100) || caller.userId,
    timeZone,
    pronouns: null,
    joinedAtMs: nowMs,
  };
}

async function joinCircle(
  fastify: FastifyInstance,
  caller: Caller,
  circle: StoredCircle,
  member: CircleMember,
): Promise<StoredCircle> {
  const joined = Object.hasOwn(circle.members, member.userId)
    ? circle
    : await addMember(fastify.store, circle.id, member);
  // The person's own partition links to the circle, so export and delete can find it.
  await recordCircleMembership(fastify.store, caller, circle.id);
  return joined;
}

function isInMeeting(fastify: FastifyInstance, request: FastifyRequest, meeting: HostMeeting) {
  return fastify.roster.isInMeeting({
    ...meeting,
    caller: request.caller,
    zoomMeetingId: request.zoomMeetingId,
  });
}

async function requireInMeeting(
  fastify: FastifyInstance,
  request: FastifyRequest,
  meeting: HostMeeting,
): Promise<void> {
  if (!(await isInMeeting(fastify, request, meeting))) {
    throw appError(
      'FORBIDDEN',
      "You are not in this meeting's roster: open the panel from inside the meeting.",
    );
  }
}

function readCustomFramework(input: unknown): Framework {
  const validation = validateFramework(input);
  if (!validation.ok) {
    const [first] = validation.errors;
    throw appError(
      'VALIDATION_FAILED',
      `The framework needs changes before the circle can use it: ${first?.message ?? 'it is not valid.'}`,
      {
        field: `body.customFramework${first?.path ? `.${first.path}` : ''}`,
        issues: validation.errors.map(({ code, path, message }) => ({
          code,
          path: `body.customFramework${path ? `.${path}` : ''}`,
          message,
        })),
      },
    );
  }
  if (findBuiltInFramework(validation.framework.id) !== undefined) {
    throw invalid(
      'body.customFramework.id',
      'A copied framework needs an id of its own, not a built-in one.',
    );
  }
  return validation.framework;
}

function isKnownFramework(id: FrameworkId, customFrameworks: readonly Framework[]): boolean {
  return findBuiltInFramework(id) !== undefined || customFrameworks.some((f) => f.id === id);
}

function checkTimeZone(field: string, timeZone: string): void {
  if (!isTimeZone(timeZone)) {
    throw invalid(field, `${timeZone} is not a time zone: use an IANA name such as Europe/Berlin.`);
  }
}

function invalid(field: string, message: string) {
  return appError('VALIDATION_FAILED', message, { field });
}

function circleNotFound() {
  return appError('CIRCLE_NOT_FOUND', 'No circle with that id, or you are not one of its members.');
}
